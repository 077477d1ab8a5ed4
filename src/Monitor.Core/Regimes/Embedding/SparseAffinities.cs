namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// The symmetrised t-SNE input affinities P as a compressed sparse row matrix: row i's entries are
/// <c>Values[RowStart[i]..RowStart[i+1]]</c> at columns <c>Columns[…]</c> (increasing); Σᵢⱼ pᵢⱼ = 1, pᵢⱼ = pⱼᵢ.
/// </summary>
public sealed record SparseAffinities(int Count, int[] RowStart, int[] Columns, double[] Values)
{
    /// <summary>pᵢⱼ, or 0 when j is not stored in row i.</summary>
    public double this[int i, int j]
    {
        get
        {
            int at = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return at >= 0 ? Values[at] : 0;
        }
    }

    /// <summary>
    /// P = (P_cond + P_condᵀ) / Σ from conditional rows p_{j|i} over each point's neighbours (van der Maaten and Hinton 2008, eq. 2 and §3.1).
    /// </summary>
    internal static SparseAffinities Symmetrise(NeighbourLists neighbours, double[] conditional)
    {
        int n = neighbours.Queries, k = neighbours.K;
        var counts = new int[n + 1];
        for (int e = 0; e < n * k; e++)
        {
            counts[e / k]++;
            counts[neighbours.Indices[e]]++;
        }

        var start = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            start[i + 1] = start[i] + counts[i];
        }

        var fill = (int[])start.Clone();
        var columns = new int[start[n]];
        var values = new double[start[n]];
        for (int e = 0; e < n * k; e++)
        {
            int i = e / k, j = neighbours.Indices[e];
            columns[fill[i]] = j;
            values[fill[i]++] = conditional[e];
            columns[fill[j]] = i;
            values[fill[j]++] = conditional[e];
        }

        // Sort each row by column and merge the pairs that appear from both sides, in a fixed order.
        var rowStart = new int[n + 1];
        int written = 0;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int from = start[i], length = start[i + 1] - from;
            Array.Sort(columns, values, from, length);
            rowStart[i] = written;
            for (int e = from; e < from + length; e++)
            {
                if (written > rowStart[i] && columns[written - 1] == columns[e])
                {
                    values[written - 1] += values[e];
                }
                else
                {
                    columns[written] = columns[e];
                    values[written++] = values[e];
                }
            }

            for (int e = rowStart[i]; e < written; e++)
            {
                total += values[e];
            }
        }

        rowStart[n] = written;
        Array.Resize(ref columns, written);
        Array.Resize(ref values, written);
        double scale = 1 / Math.Max(total, double.Epsilon);
        for (int e = 0; e < written; e++)
        {
            values[e] *= scale;
        }

        return new SparseAffinities(n, rowStart, columns, values);
    }
}
