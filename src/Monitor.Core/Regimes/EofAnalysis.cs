using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Regimes;

/// <summary>
/// EOF analysis (principal component analysis of a field's anomalies; e.g. Hannachi, Jolliffe and Stephenson, "Empirical
/// orthogonal functions and related techniques in atmospheric science: a review", Int. J. Climatol. 2007) in float64:
/// the eigen-decomposition of the covariance matrix <c>C = XᵀX / (n − 1)</c> of the state matrix X <c>[n states, p cells]</c>
/// when p ≤ n, otherwise of the Gram matrix <c>XXᵀ / (n − 1)</c> with EOF = Xᵀu / ‖Xᵀu‖ (the same eigenvalues).
/// X is used as given: callers pass anomalies (time mean ≈ 0) already weighted by √cos φ. The matrix product and the
/// symmetric eigensolver run in libtorch (LAPACK), XᵀX in blocks of rows so the state matrix is never copied whole;
/// the rest is plain float64.
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

        double total = Validate(states, p);
        bool covariance = p <= n;
        int size = covariance ? p : n;
        double[] product = covariance ? CrossProduct(states, p) : GramProduct(states, p);
        double[] all, vectors;
        TorchRuntime.Initialize();
        using (NewDisposeScope())
        {
            (Tensor eigenvalues, Tensor eigenvectors) = linalg.eigh(tensor(product, [size, size], ScalarType.Float64));
            all = eigenvalues.data<double>().ToArray();
            vectors = eigenvectors.contiguous().data<double>().ToArray();   // [row][column], column c = eigenvector c
        }

        // eigh returns ascending eigenvalues: the leading modes are the last columns.
        var values = new double[modes];
        var patterns = new double[modes][];
        for (int m = 0; m < modes; m++)
        {
            int column = size - 1 - m;
            values[m] = all[column];
            var u = new double[size];
            for (int i = 0; i < size; i++)
            {
                u[i] = vectors[((long)i * size) + column];
            }

            patterns[m] = covariance ? u : Transposed(states, u, p);
            Normalise(patterns[m]);
            FixSign(patterns[m]);
        }

        return new EofResult(patterns, [.. values.Select(e => Math.Max(0, e) / (n - 1))], total / (n - 1));
    }

    /// <summary>Rows of the state matrix per libtorch product in <see cref="CrossProduct"/> (64 MB at 2048 cells).</summary>
    internal const int ChunkRows = 4096;

    private static double Validate(IReadOnlyList<double[]> states, int p)
    {
        double total = 0;
        for (int s = 0; s < states.Count; s++)
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
        }

        return total;
    }

    // XᵀX accumulated over blocks of rows: each block is one libtorch matrix product, summed in block order (the
    // full matrix is never copied, so memory stays at one block plus p²).
    private static double[] CrossProduct(IReadOnlyList<double[]> states, int p)
    {
        int n = states.Count;
        var sum = new double[(long)p * p];
        TorchRuntime.Initialize();
        for (int first = 0; first < n; first += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, n - first);
            var block = new double[(long)rows * p];
            for (int s = 0; s < rows; s++)
            {
                states[first + s].CopyTo(block, (long)s * p);
            }

            using (NewDisposeScope())
            {
                Tensor x = tensor(block, [rows, p], ScalarType.Float64);
                double[] part = x.t().mm(x).data<double>().ToArray();
                for (int i = 0; i < part.Length; i++)
                {
                    sum[i] += part[i];
                }
            }
        }

        return sum;
    }

    private static double[] GramProduct(IReadOnlyList<double[]> states, int p)
    {
        int n = states.Count;
        var flat = new double[(long)n * p];
        for (int s = 0; s < n; s++)
        {
            states[s].CopyTo(flat, (long)s * p);
        }

        TorchRuntime.Initialize();
        using (NewDisposeScope())
        {
            Tensor x = tensor(flat, [n, p], ScalarType.Float64);
            return x.mm(x.t()).data<double>().ToArray();
        }
    }

    // An EOF from an eigenvector u of the Gram matrix: Xᵀu (normalised by the caller).
    private static double[] Transposed(IReadOnlyList<double[]> states, double[] u, int p)
    {
        var pattern = new double[p];
        for (int s = 0; s < states.Count; s++)
        {
            double w = u[s];
            double[] row = states[s];
            for (int j = 0; j < p; j++)
            {
                pattern[j] += w * row[j];
            }
        }

        return pattern;
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
