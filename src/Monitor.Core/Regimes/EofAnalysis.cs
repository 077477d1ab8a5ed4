using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Regimes;

/// <summary>
/// EOF analysis (principal component analysis of a field's anomalies; e.g. Hannachi, Jolliffe and Stephenson, "Empirical
/// orthogonal functions and related techniques in atmospheric science: a review", Int. J. Climatol. 2007) in float64:
/// the eigen-decomposition of the covariance matrix <c>C = XᵀX / (n − 1)</c> of the state matrix X <c>[n states, p cells]</c>
/// when p ≤ n, otherwise of the Gram matrix <c>XXᵀ / (n − 1)</c> with EOF = Xᵀu / ‖Xᵀu‖ (the same eigenvalues).
/// X is used as given: callers pass anomalies (time mean ≈ 0) already weighted by √cos φ. The matrix product and the
/// symmetric eigensolver run in libtorch (LAPACK); the rest is plain float64.
/// </summary>
public static class EofAnalysis
{
    /// <summary>The leading <paramref name="modes"/> EOFs of <paramref name="states"/> <c>[state][column]</c>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 states, ragged rows, non-finite values, or modes out of range.</exception>
    public static EofResult Compute(IReadOnlyList<double[]> states, int modes)
    {
        ArgumentNullException.ThrowIfNull(states);
        int n = states.Count;
        if (n < 2)
        {
            throw new ArgumentException($"EOF analysis needs at least 2 states, got {n}.", nameof(states));
        }

        int p = states[0].Length;
        int rank = Math.Min(n, p);
        if (modes < 1 || modes > rank)
        {
            throw new ArgumentOutOfRangeException(nameof(modes), modes,
                $"--eofs must be between 1 and {rank} (min of {n} states and {p} cells).");
        }

        var flat = new double[(long)n * p];
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            double[] row = states[s];
            if (row.Length != p)
            {
                throw new ArgumentException($"EOF analysis: state {s} has {row.Length} values, state 0 has {p}.", nameof(states));
            }

            for (int j = 0; j < p; j++)
            {
                if (!double.IsFinite(row[j]))
                {
                    throw new ArgumentException($"EOF analysis: state {s}, column {j} is not finite ({row[j]}).", nameof(states));
                }

                total += row[j] * row[j];
            }

            row.CopyTo(flat, (long)s * p);
        }

        TorchRuntime.Initialize();
        double[] values;
        double[][] patterns = new double[modes][];
        using (NewDisposeScope())
        {
            Tensor x = tensor(flat, [n, p], ScalarType.Float64);
            bool covariance = p <= n;
            Tensor product = covariance ? x.t().mm(x) : x.mm(x.t());
            (Tensor eigenvalues, Tensor eigenvectors) = linalg.eigh(product);
            // eigh returns ascending eigenvalues: take the last `modes` columns, largest first.
            Tensor order = arange(rank - 1, rank - 1 - modes, -1, ScalarType.Int64);
            Tensor vectors = eigenvectors.index_select(1, order);
            values = eigenvalues.index_select(0, order).data<double>().ToArray();
            if (!covariance)
            {
                vectors = x.t().mm(vectors);
            }

            double[] v = vectors.t().contiguous().data<double>().ToArray();
            for (int m = 0; m < modes; m++)
            {
                patterns[m] = v.AsSpan(m * p, p).ToArray();
                Normalise(patterns[m]);
                FixSign(patterns[m]);
            }
        }

        return new EofResult(patterns, [.. values.Select(e => Math.Max(0, e) / (n - 1))], total / (n - 1));
    }

    private static void Normalise(double[] pattern)
    {
        double norm = Math.Sqrt(pattern.Sum(v => v * v));
        if (norm > 0)
        {
            for (int j = 0; j < pattern.Length; j++)
            {
                pattern[j] /= norm;
            }
        }
    }

    private static void FixSign(double[] pattern)
    {
        int largest = 0;
        for (int j = 1; j < pattern.Length; j++)
        {
            if (Math.Abs(pattern[j]) > Math.Abs(pattern[largest]))
            {
                largest = j;
            }
        }

        if (pattern[largest] < 0)
        {
            for (int j = 0; j < pattern.Length; j++)
            {
                pattern[j] = -pattern[j];
            }
        }
    }
}
