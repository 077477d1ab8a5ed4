using Monitor.Core.Numerics;

namespace Monitor.Core.Regimes;

/// <summary>
/// Analogues (science.md §4): the historical states nearest to a given state in the space of the leading principal
/// components. To return distinct situations rather than consecutive 6-hourly states of one episode, each chosen
/// analogue excludes the states within ± <c>separation</c> of it, and the states within ± <c>separation</c> of the query's
/// own valid time are skipped (they are the same weather).
/// </summary>
public sealed class AnalogueFinder
{
    private readonly RegimeHistory _history;

    /// <summary>Searches <paramref name="history"/> (states with their EOF positions).</summary>
    public AnalogueFinder(RegimeHistory history)
    {
        _history = history ?? throw new ArgumentNullException(nameof(history));
    }

    /// <summary>The <paramref name="count"/> nearest distinct historical states to <paramref name="pcs"/>, nearest first.</summary>
    /// <param name="pcs">Position in EOF space (as <see cref="RegimeModel.Pcs"/> returns it).</param>
    /// <param name="validTime">The query state's valid time (UTC).</param>
    /// <param name="count">Number of analogues (≥ 1).</param>
    /// <param name="separation">Minimum time between analogues and from the query; default 5 days.</param>
    public IReadOnlyList<Analogue> Find(double[] pcs, DateTime validTime, int count, TimeSpan? separation = null)
    {
        ArgumentNullException.ThrowIfNull(pcs);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "--count must be ≥ 1.");
        }

        TimeSpan gap = separation ?? TimeSpan.FromDays(5);
        IReadOnlyList<RegimeHistoryEntry> entries = _history.Entries;
        if (entries.Count > 0 && entries[0].Pcs.Length != pcs.Length)
        {
            throw new ArgumentException($"The history has {entries[0].Pcs.Length} principal components, the query {pcs.Length}.", nameof(pcs));
        }

        int[] order = [.. Enumerable.Range(0, entries.Count)
            .Select(i => (Index: i, Distance: KMeans.SquaredDistance(entries[i].Pcs, pcs)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Index).Select(x => x.Index)];
        var chosen = new List<Analogue>();
        foreach (int i in order)
        {
            RegimeHistoryEntry e = entries[i];
            if ((e.Time - validTime).Duration() < gap || chosen.Any(a => (a.Time - e.Time).Duration() < gap))
            {
                continue;
            }

            chosen.Add(new Analogue(e.Time, Math.Sqrt(KMeans.SquaredDistance(e.Pcs, pcs)), e.Label, _history.NameOf(e.Label), e.Cluster));
            if (chosen.Count == count)
            {
                break;
            }
        }

        return chosen;
    }
}
