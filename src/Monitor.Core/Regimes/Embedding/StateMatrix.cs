using System.Globalization;

namespace Monitor.Core.Regimes.Embedding;

/// <summary>Converts a <c>[state, dimension]</c> matrix to the row-major array the algorithms use, rejecting non-finite values.</summary>
internal static class StateMatrix
{
    /// <summary>The rows of <paramref name="matrix"/> one after another; throws <see cref="ArgumentException"/> naming the first non-finite entry.</summary>
    public static double[] Flatten(double[,] matrix, string name)
    {
        int n = matrix.GetLength(0), d = matrix.GetLength(1);
        if (n == 0 || d == 0)
        {
            throw new ArgumentException($"{name} is empty ({n} rows × {d} columns).", name);
        }

        var flat = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < d; c++)
            {
                double v = matrix[i, c];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: row {i + 1}, column {c + 1} is {v}; t-SNE needs finite values."), name);
                }

                flat[(i * d) + c] = v;
            }
        }

        return flat;
    }

    /// <summary>A <c>[n, 2]</c> matrix from row-major coordinates.</summary>
    public static double[,] Unflatten(double[] flat, int n, int d)
    {
        var matrix = new double[n, d];
        Buffer.BlockCopy(flat, 0, matrix, 0, n * d * sizeof(double));
        return matrix;
    }
}
