namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Scores of centred data on its leading principal components, by orthogonal (block power) iteration on XᵀX applied
/// implicitly — cheap for t-SNE's initialisation at any dimension. Signs are fixed so each component's largest
/// loading is positive, so the result does not depend on the random start.
/// </summary>
internal static class PrincipalProjection
{
    private const int MaxIterations = 100;
    private const int ExtraVectors = 4;

    /// <summary>Row-major <c>[n, components]</c> scores of the rows of <paramref name="data"/> (<c>[n, d]</c>).</summary>
    public static double[] Scores(double[] data, int n, int d, int components, long seed)
    {
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < d; c++)
            {
                mean[c] += data[(i * d) + c];
            }
        }

        for (int c = 0; c < d; c++)
        {
            mean[c] /= n;
        }

        int b = Math.Min(d, components + ExtraVectors);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var v = new double[b * d];
        for (int e = 0; e < v.Length; e++)
        {
            v[e] = random.NextDouble() - 0.5;
        }

        Orthonormalise(v, b, d);
        var scores = new double[n * b];
        var next = new double[b * d];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Project(data, mean, n, d, v, b, scores);
            Array.Clear(next);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < b; j++)
                {
                    double s = scores[(i * b) + j];
                    for (int c = 0; c < d; c++)
                    {
                        next[(j * d) + c] += s * (data[(i * d) + c] - mean[c]);
                    }
                }
            }

            Orthonormalise(next, b, d);
            double change = 0;
            for (int j = 0; j < components; j++)
            {
                double dot = 0;
                for (int c = 0; c < d; c++)
                {
                    dot += next[(j * d) + c] * v[(j * d) + c];
                }

                change = Math.Max(change, 1 - Math.Abs(dot));
            }

            (v, next) = (next, v);
            if (change < 1e-10)
            {
                break;
            }
        }

        for (int j = 0; j < components; j++)
        {
            int largest = 0;
            for (int c = 1; c < d; c++)
            {
                largest = Math.Abs(v[(j * d) + c]) > Math.Abs(v[(j * d) + largest]) ? c : largest;
            }

            if (v[(j * d) + largest] < 0)
            {
                for (int c = 0; c < d; c++)
                {
                    v[(j * d) + c] = -v[(j * d) + c];
                }
            }
        }

        Project(data, mean, n, d, v, components, scores);
        return scores[..(n * components)];
    }

    private static void Project(double[] data, double[] mean, int n, int d, double[] v, int b, double[] scores)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < b; j++)
            {
                double s = 0;
                for (int c = 0; c < d; c++)
                {
                    s += (data[(i * d) + c] - mean[c]) * v[(j * d) + c];
                }

                scores[(i * b) + j] = s;
            }
        }
    }

    /// <summary>Modified Gram-Schmidt on the <paramref name="b"/> rows of <paramref name="v"/>.</summary>
    private static void Orthonormalise(double[] v, int b, int d)
    {
        for (int j = 0; j < b; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int c = 0; c < d; c++)
                {
                    dot += v[(j * d) + c] * v[(p * d) + c];
                }

                for (int c = 0; c < d; c++)
                {
                    v[(j * d) + c] -= dot * v[(p * d) + c];
                }
            }

            double norm = 0;
            for (int c = 0; c < d; c++)
            {
                norm += v[(j * d) + c] * v[(j * d) + c];
            }

            norm = Math.Sqrt(norm);
            for (int c = 0; c < d; c++)
            {
                v[(j * d) + c] = norm > 0 ? v[(j * d) + c] / norm : 0;
            }
        }
    }
}
