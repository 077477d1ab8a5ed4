namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Trustworthiness (Venna and Kaski 2001; the definition of scikit-learn's <c>trustworthiness</c>):
/// T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ(k)} (r(i, j) − k), where Uᵢ(k) are the k nearest neighbours of i in
/// the embedding that are not among its k nearest in the input space and r(i, j) is j's rank among i's neighbours in
/// the input space (1 = nearest). 1 means no false neighbours; Euclidean distances, ties broken by index.
/// </summary>
public static class Trustworthiness
{
    /// <summary>T(<paramref name="k"/>) of <paramref name="embedded"/> (<c>[state, m]</c>) as a view of <paramref name="states"/> (<c>[state, d]</c>).</summary>
    public static double Compute(double[,] states, double[,] embedded, int k)
    {
        int n = states.GetLength(0);
        if (embedded.GetLength(0) != n)
        {
            throw new ArgumentException($"embedded has {embedded.GetLength(0)} rows, states {n}.", nameof(embedded));
        }

        if (k < 1 || k >= n / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be ≥ 1 and < n/2 = {n / 2.0}.");
        }

        int d = states.GetLength(1), m = embedded.GetLength(1);
        double[] x = StateMatrix.Flatten(states, nameof(states));
        double[] y = StateMatrix.Flatten(embedded, nameof(embedded));
        NeighbourLists near = ExactNeighbours.Within(y, n, m, k);
        var penalty = new long[n];
        Parallel.For(0, n, () => new double[n], (i, _, row) =>
        {
            ReadOnlySpan<double> xi = x.AsSpan(i * d, d);
            for (int j = 0; j < n; j++)
            {
                row[j] = ExactNeighbours.SquaredDistance(xi, x.AsSpan(j * d, d));
            }

            long sum = 0;
            for (int e = 0; e < k; e++)
            {
                int j = near.Indices[(i * k) + e];
                int rank = Rank(row, i, j);
                if (rank > k)
                {
                    sum += rank - k;
                }
            }

            penalty[i] = sum;
            return row;
        }, _ => { });

        long total = 0;
        foreach (long p in penalty)
        {
            total += p;
        }

        return 1 - (2.0 * total / (n * (double)k * ((2.0 * n) - (3.0 * k) - 1)));
    }

    /// <summary>1 + the number of points other than i closer to i than j (ties: lower index first).</summary>
    private static int Rank(double[] row, int i, int j)
    {
        double dj = row[j];
        int rank = 1;
        for (int l = 0; l < row.Length; l++)
        {
            if (l != i && l != j && (row[l] < dj || (row[l] == dj && l < j)))
            {
                rank++;
            }
        }

        return rank;
    }
}
