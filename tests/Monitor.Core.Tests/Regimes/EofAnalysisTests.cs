using Monitor.Core.Numerics;
using Monitor.Core.Regimes;

namespace Monitor.Core.Tests.Regimes;

/// <summary>EOFs against a literal oracle: the cyclic Jacobi eigenvalue method on XᵀX / (n − 1) in float64.</summary>
public sealed class EofAnalysisTests
{
    [Theory]
    [InlineData(60, 12)]    // p ≤ n: covariance path
    [InlineData(9, 20)]     // p > n: Gram path
    [InlineData(5000, 8)]   // more rows than one block of XᵀX
    public void MatchesJacobiOracle(int n, int p)
    {
        double[][] x = Matrix(n, p, seed: (ulong)(n * 100 + p));
        int modes = Math.Min(4, Math.Min(n, p) - 1);
        EofResult eof = EofAnalysis.Compute(x, modes);

        (double[] values, double[][] vectors) = Jacobi(Covariance(x));
        double trace = values.Sum();
        Assert.Equal(trace, eof.TotalVariance, 1e-9 * trace);
        for (int m = 0; m < modes; m++)
        {
            Assert.Equal(values[m], eof.Eigenvalues[m], 1e-8 * values[0]);
            Assert.Equal(values[m] / trace, eof.ExplainedVariance()[m], 1e-9);
            // Same direction up to sign: |⟨e, v⟩| = 1.
            double dot = eof.Patterns[m].Zip(vectors[m], (a, b) => a * b).Sum();
            Assert.Equal(1.0, Math.Abs(dot), 1e-7);
            // Sign convention: the largest-magnitude entry is positive.
            Assert.True(eof.Patterns[m].MaxBy(Math.Abs) > 0);
        }
    }

    [Fact]
    public void PrincipalComponents_AreUncorrelated_WithEigenvalueVariance()
    {
        double[][] x = Matrix(200, 15, seed: 3);
        EofResult eof = EofAnalysis.Compute(x, 5);
        double[][] pcs = [.. x.Select(row => eof.Project(row))];
        for (int a = 0; a < 5; a++)
        {
            for (int b = 0; b < 5; b++)
            {
                double cov = pcs.Sum(pc => pc[a] * pc[b]) / (pcs.Length - 1);
                Assert.Equal(a == b ? eof.Eigenvalues[a] : 0, cov, 1e-8 * eof.Eigenvalues[0]);
            }
        }
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        double[][] x = Matrix(5, 4, seed: 1);
        Assert.Contains("--eofs", Assert.Throws<ArgumentOutOfRangeException>(() => EofAnalysis.Compute(x, 5)).Message, StringComparison.Ordinal);
        x[3][2] = double.NaN;
        Assert.Contains("state 3, column 2", Assert.Throws<ArgumentException>(() => EofAnalysis.Compute(x, 2)).Message, StringComparison.Ordinal);
    }

    private static double[][] Matrix(int n, int p, ulong seed)
    {
        // Correlated columns: a few latent factors plus noise, centred per column.
        var random = new SplitMix64(seed);
        double[][] loadings = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, p).Select(_ => random.NextGaussian()).ToArray())];
        double[][] x = [.. Enumerable.Range(0, n).Select(_ =>
        {
            double[] f = [3 * random.NextGaussian(), 2 * random.NextGaussian(), random.NextGaussian()];
            return Enumerable.Range(0, p).Select(j => (f[0] * loadings[0][j]) + (f[1] * loadings[1][j]) + (f[2] * loadings[2][j]) + (0.3 * random.NextGaussian())).ToArray();
        })];
        for (int j = 0; j < p; j++)
        {
            double mean = x.Average(row => row[j]);
            foreach (double[] row in x)
            {
                row[j] -= mean;
            }
        }

        return x;
    }

    private static double[,] Covariance(double[][] x)
    {
        int n = x.Length, p = x[0].Length;
        var c = new double[p, p];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                double sum = 0;
                for (int s = 0; s < n; s++)
                {
                    sum += x[s][a] * x[s][b];
                }

                c[a, b] = sum / (n - 1);
            }
        }

        return c;
    }

    // Cyclic Jacobi rotations until the off-diagonal vanishes; eigenpairs sorted by decreasing eigenvalue.
    private static (double[] Values, double[][] Vectors) Jacobi(double[,] matrix)
    {
        int p = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int i = 0; i < p; i++)
            {
                for (int j = i + 1; j < p; j++)
                {
                    off += a[i, j] * a[i, j];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (int i = 0; i < p; i++)
            {
                for (int j = i + 1; j < p; j++)
                {
                    if (Math.Abs(a[i, j]) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[j, j] - a[i, i]) / (2 * a[i, j]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double cos = 1 / Math.Sqrt((t * t) + 1), sin = t * cos;
                    for (int k = 0; k < p; k++)
                    {
                        double aki = a[k, i], akj = a[k, j];
                        a[k, i] = (cos * aki) - (sin * akj);
                        a[k, j] = (sin * aki) + (cos * akj);
                    }

                    for (int k = 0; k < p; k++)
                    {
                        double aik = a[i, k], ajk = a[j, k];
                        a[i, k] = (cos * aik) - (sin * ajk);
                        a[j, k] = (sin * aik) + (cos * ajk);
                    }

                    for (int k = 0; k < p; k++)
                    {
                        double vki = v[k, i], vkj = v[k, j];
                        v[k, i] = (cos * vki) - (sin * vkj);
                        v[k, j] = (sin * vki) + (cos * vkj);
                    }
                }
            }
        }

        int[] order = [.. Enumerable.Range(0, p).OrderByDescending(i => a[i, i])];
        return ([.. order.Select(i => a[i, i])], [.. order.Select(i => Enumerable.Range(0, p).Select(k => v[k, i]).ToArray())]);
    }
}
