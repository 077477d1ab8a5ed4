using System.Numerics;
using System.Runtime.InteropServices;

namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Exact k-nearest-neighbour search by brute force (Euclidean), parallel over query rows; each row's result depends
/// only on that row, so the output is the same for any thread count. At 10⁴ points × 50 dimensions it takes about a
/// second, which is why no vantage-point tree is used.
/// </summary>
internal static class ExactNeighbours
{
    /// <summary>The <paramref name="k"/> nearest other points of every point of <paramref name="data"/> (<c>[n, d]</c> row-major).</summary>
    public static NeighbourLists Within(double[] data, int n, int d, int k) => Search(data, n, data, n, d, k, excludeSelf: true);

    /// <summary>The <paramref name="k"/> nearest reference points of every query (<c>[m, d]</c> and <c>[n, d]</c> row-major).</summary>
    public static NeighbourLists Between(double[] queries, int m, double[] reference, int n, int d, int k) =>
        Search(queries, m, reference, n, d, k, excludeSelf: false);

    /// <summary>Squared Euclidean distance of two equally long rows.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a), vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            Vector<double> acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++)
            {
                Vector<double> diff = va[v] - vb[v];
                acc += diff * diff;
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < a.Length; i++)
        {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }

        return sum;
    }

    private static NeighbourLists Search(double[] queries, int m, double[] reference, int n, int d, int k, bool excludeSelf)
    {
        int available = excludeSelf ? n - 1 : n;
        if (k > available)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"only {available} neighbours exist.");
        }

        var indices = new int[m * k];
        var distances = new double[m * k];
        Parallel.For(0, m, () => new double[n], (q, _, row) =>
        {
            ReadOnlySpan<double> x = queries.AsSpan(q * d, d);
            for (int j = 0; j < n; j++)
            {
                row[j] = SquaredDistance(x, reference.AsSpan(j * d, d));
            }

            SelectSmallest(row, excludeSelf ? q : -1, indices.AsSpan(q * k, k), distances.AsSpan(q * k, k));
            return row;
        }, _ => { });
        return new NeighbourLists(m, k, indices, distances);
    }

    /// <summary>The k smallest entries of <paramref name="row"/> (skipping <paramref name="skip"/>), sorted by (distance, index).</summary>
    private static void SelectSmallest(double[] row, int skip, Span<int> indices, Span<double> distances)
    {
        int k = indices.Length, filled = 0;

        // A max-heap of the k best so far, ordered by (distance, index) so ties resolve by index.
        for (int j = 0; j < row.Length; j++)
        {
            if (j == skip)
            {
                continue;
            }

            double dj = row[j];
            if (filled < k)
            {
                int c = filled++;
                while (c > 0)
                {
                    int p = (c - 1) / 2;
                    if (!Before(distances[p], indices[p], dj, j))
                    {
                        break;
                    }

                    distances[c] = distances[p];
                    indices[c] = indices[p];
                    c = p;
                }

                distances[c] = dj;
                indices[c] = j;
            }
            else if (Before(dj, j, distances[0], indices[0]))
            {
                SiftDown(indices, distances, k, dj, j);
            }
        }

        // Heap sort in place: repeatedly move the largest to the end.
        for (int end = k - 1; end > 0; end--)
        {
            double topDistance = distances[0];
            int topIndex = indices[0];
            double lastDistance = distances[end];
            int lastIndex = indices[end];
            distances[end] = topDistance;
            indices[end] = topIndex;
            SiftDown(indices, distances, end, lastDistance, lastIndex);
        }
    }

    private static void SiftDown(Span<int> indices, Span<double> distances, int size, double distance, int index)
    {
        int c = 0;
        while (true)
        {
            int left = (2 * c) + 1;
            if (left >= size)
            {
                break;
            }

            int largest = left + 1 < size && Before(distances[left], indices[left], distances[left + 1], indices[left + 1]) ? left + 1 : left;
            if (!Before(distance, index, distances[largest], indices[largest]))
            {
                break;
            }

            distances[c] = distances[largest];
            indices[c] = indices[largest];
            c = largest;
        }

        distances[c] = distance;
        indices[c] = index;
    }

    private static bool Before(double distanceA, int indexA, double distanceB, int indexB) =>
        distanceA < distanceB || (distanceA == distanceB && indexA < indexB);
}
