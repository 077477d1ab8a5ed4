namespace Monitor.Core.Regimes;

/// <summary>
/// Historical regime queries over any <see cref="IRegimeHistoryStore"/>: episodes (start, end, duration, peak index),
/// frequencies by calendar month and season, and the transition matrix between consecutive regime runs.
/// </summary>
public static class RegimeQuery
{
    /// <summary>Queries <paramref name="store"/> for [<paramref name="from"/>, <paramref name="to"/>]; <paramref name="regime"/> (id or name) restricts the episodes.</summary>
    public static RegimeStatistics Run(IRegimeHistoryStore store, DateTime from, DateTime to, string? regime = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (to < from)
        {
            throw new ArgumentException($"--to {to:yyyy-MM-ddTHH:mm} lies before --from {from:yyyy-MM-ddTHH:mm}.");
        }

        return Summarise(store.Read(from, to), regime);
    }

    /// <summary>The statistics of a history (see <see cref="Run"/>).</summary>
    public static RegimeStatistics Summarise(RegimeHistory history, string? regime = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        int k = history.RegimeIds.Count;
        string[] labels = [.. history.RegimeIds, RegimeHistory.NoRegime];
        string[] names = [.. labels.Select(history.NameOf)];
        int? only = regime is null ? null : history.Resolve(regime);
        IReadOnlyList<RegimeHistoryEntry> entries = history.Entries;
        int[] codes = [.. entries.Select(e => Code(history, e.Label))];

        var monthCounts = new int[12][];
        var seasonCounts = new int[4][];
        for (int m = 0; m < 12; m++)
        {
            monthCounts[m] = new int[k + 1];
        }

        for (int s = 0; s < 4; s++)
        {
            seasonCounts[s] = new int[k + 1];
        }

        for (int i = 0; i < entries.Count; i++)
        {
            int month = entries[i].Time.Month - 1;
            monthCounts[month][codes[i]]++;
            seasonCounts[month == 11 ? 0 : (month + 1) / 3][codes[i]]++;
        }

        var transitions = new int[k + 1][];
        for (int r = 0; r <= k; r++)
        {
            transitions[r] = new int[k + 1];
        }

        var regimeTransitions = new int[k][];
        for (int r = 0; r < k; r++)
        {
            regimeTransitions[r] = new int[k];
        }

        int previousRegime = -1;
        var episodes = new List<RegimeEpisode>();
        TimeSpan step = RegimePersistence.MedianStep([.. entries.Select(e => e.Time)]);
        int start = 0;
        while (start < entries.Count)
        {
            int end = start;
            while (end + 1 < entries.Count && codes[end + 1] == codes[start] && entries[end + 1].Time - entries[end].Time <= step * 1.5)
            {
                end++;
            }

            int code = codes[start];
            bool gapAfter = end + 1 < entries.Count && entries[end + 1].Time - entries[end].Time > step * 1.5;
            if (end + 1 < entries.Count && codes[end + 1] != code && !gapAfter)
            {
                transitions[code][codes[end + 1]]++;
            }

            if (code < k)
            {
                if (previousRegime >= 0)
                {
                    regimeTransitions[previousRegime][code]++;
                }

                previousRegime = code;
            }

            if (gapAfter)
            {
                // Missing states (e.g. a month without cycles) end the chain: nothing is known of what happened in between.
                previousRegime = -1;
            }

            if (code < k && (only is null || only == code))
            {
                int peak = start;
                for (int i = start + 1; i <= end; i++)
                {
                    if (entries[i].Indices[code] > entries[peak].Indices[code])
                    {
                        peak = i;
                    }
                }

                episodes.Add(new RegimeEpisode(labels[code], names[code], entries[start].Time, entries[end].Time,
                    entries[end].Time - entries[start].Time + step, entries[peak].Indices[code], entries[peak].Time));
            }

            start = end + 1;
        }

        return new RegimeStatistics(labels, names, episodes,
            [.. monthCounts.Select(row => row.Sum())], [.. monthCounts.Select(Fractions)],
            [.. seasonCounts.Select(row => row.Sum())], [.. seasonCounts.Select(Fractions)], transitions, regimeTransitions);
    }

    /// <summary>The regime index of a label, or k for "none".</summary>
    private static int Code(RegimeHistory history, string label) =>
        RegimeHistory.IndexOf(history.RegimeIds, label) is int r and >= 0 ? r : history.RegimeIds.Count;

    private static double[] Fractions(int[] counts)
    {
        int total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0.0 : c / (double)total)];
    }
}
