namespace Monitor.Bench;

/// <summary>Median and minimum of repeated wall-clock measurements, in seconds.</summary>
/// <param name="Median">Median (s).</param>
/// <param name="Min">Fastest run (s).</param>
/// <param name="Runs">Number of timed runs (warm-up excluded).</param>
internal sealed record TimingSummary(double Median, double Min, int Runs)
{
    /// <summary>Summarises timed runs.</summary>
    public static TimingSummary Of(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0)
        {
            throw new ArgumentException("No timed runs.", nameof(seconds));
        }

        double[] sorted = [.. seconds.Order()];
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new TimingSummary(median, sorted[0], sorted.Length);
    }

    /// <summary>Times <paramref name="action"/>: <paramref name="warmup"/> untimed runs, then <paramref name="repeat"/> timed ones.</summary>
    public static TimingSummary Measure(Action action, int warmup, int repeat)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var seconds = new List<double>(repeat);
        for (int i = 0; i < repeat; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            action();
            seconds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return Of(seconds);
    }

    /// <summary>
    /// Times <paramref name="first"/> and <paramref name="second"/> alternately (<paramref name="warmup"/> untimed pairs,
    /// then <paramref name="repeat"/> timed ones), so both see the same load on a shared machine; returns both and the
    /// median of the per-pair ratios second / first.
    /// </summary>
    public static (TimingSummary First, TimingSummary Second, double Ratio) MeasurePair(Action first, Action second, int warmup, int repeat)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        for (int i = 0; i < warmup; i++)
        {
            first();
            second();
        }

        var a = new List<double>(repeat);
        var b = new List<double>(repeat);
        for (int i = 0; i < repeat; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            first();
            a.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
            start = System.Diagnostics.Stopwatch.GetTimestamp();
            second();
            b.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return (Of(a), Of(b), Of([.. a.Zip(b, (x, y) => y / x)]).Median);
    }
}
