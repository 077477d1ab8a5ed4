using System.Globalization;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>Names, quantile levels and the quantile definition of the <see cref="ClimateStatistic"/> values.</summary>
public static class ClimateStatistics
{
    /// <summary>Every statistic, in storage order.</summary>
    public static IReadOnlyList<ClimateStatistic> All { get; } = Enum.GetValues<ClimateStatistic>();

    /// <summary>The percentiles, lowest first.</summary>
    public static IReadOnlyList<ClimateStatistic> Percentiles { get; } =
        [ClimateStatistic.P01, ClimateStatistic.P05, ClimateStatistic.P10, ClimateStatistic.P90, ClimateStatistic.P95, ClimateStatistic.P99];

    /// <summary>The short name used in files and on the command line: <c>p01</c> … <c>p99</c>, <c>mean</c>, <c>std</c>.</summary>
    public static string Name(ClimateStatistic statistic) => statistic.ToString().ToLowerInvariant();

    /// <summary>The quantile level (0–1) of a percentile statistic; throws for mean and standard deviation.</summary>
    public static double Level(ClimateStatistic statistic) => statistic switch
    {
        ClimateStatistic.P01 => 0.01,
        ClimateStatistic.P05 => 0.05,
        ClimateStatistic.P10 => 0.10,
        ClimateStatistic.P90 => 0.90,
        ClimateStatistic.P95 => 0.95,
        ClimateStatistic.P99 => 0.99,
        _ => throw new ArgumentException($"{Name(statistic)} is not a percentile.", nameof(statistic)),
    };

    /// <summary>True for the six percentiles.</summary>
    public static bool IsPercentile(ClimateStatistic statistic) => statistic is not (ClimateStatistic.Mean or ClimateStatistic.Std);

    /// <summary>Parses <c>p99</c>, <c>99</c>, <c>mean</c>…; throws <see cref="FormatException"/> quoting the text.</summary>
    public static ClimateStatistic Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (int.TryParse(t.TrimStart('p'), NumberStyles.None, CultureInfo.InvariantCulture, out int percent))
        {
            t = "p" + percent.ToString("00", CultureInfo.InvariantCulture);
        }

        foreach (ClimateStatistic s in All)
        {
            if (Name(s) == t)
            {
                return s;
            }
        }

        throw new FormatException($"'{text}' is not a climatology statistic (p01, p05, p10, p90, p95, p99, mean, std).");
    }

    /// <summary>
    /// The <paramref name="q"/>-quantile of ascending <paramref name="sorted"/> values with linear interpolation
    /// between order statistics — Hyndman &amp; Fan (1996) type 7, numpy.percentile's default ("linear"):
    /// h = q·(n − 1), Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) with 0-based order statistics x₍ᵢ₎.
    /// </summary>
    public static double Quantile(ReadOnlySpan<float> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double h = q * (sorted.Length - 1);
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((h - below) * ((double)sorted[above] - sorted[below]));
    }
}
