namespace Monitor.Core.Tests.Regimes;

/// <summary>Literal cluster-agreement scores: accuracy under the best label permutation, adjusted Rand index (Hubert and Arabie 1985).</summary>
internal static class ClusterScores
{
    /// <summary>Best accuracy over all permutations of <paramref name="k"/> labels; mapping[cluster] = truth label.</summary>
    public static (double Accuracy, int[] Mapping) BestPermutationAccuracy(int[] truth, int[] clusters, int k)
    {
        var counts = new int[k, k];
        for (int i = 0; i < truth.Length; i++)
        {
            counts[clusters[i], truth[i]]++;
        }

        int best = -1;
        int[] bestMapping = [];
        foreach (int[] permutation in Permutations([.. Enumerable.Range(0, k)]))
        {
            int hits = Enumerable.Range(0, k).Sum(c => counts[c, permutation[c]]);
            if (hits > best)
            {
                best = hits;
                bestMapping = permutation;
            }
        }

        return (best / (double)truth.Length, bestMapping);
    }

    public static double AdjustedRandIndex(int[] a, int[] b)
    {
        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var cols = new Dictionary<int, long>();
        for (int i = 0; i < a.Length; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            cols[b[i]] = cols.GetValueOrDefault(b[i]) + 1;
        }

        static double Pairs(long n) => n * (n - 1) / 2.0;
        double index = table.Values.Sum(Pairs), sumRows = rows.Values.Sum(Pairs), sumCols = cols.Values.Sum(Pairs);
        double expected = sumRows * sumCols / Pairs(a.Length);
        return (index - expected) / ((0.5 * (sumRows + sumCols)) - expected);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = [.. items.Take(i), .. items.Skip(i + 1)];
            foreach (int[] tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
