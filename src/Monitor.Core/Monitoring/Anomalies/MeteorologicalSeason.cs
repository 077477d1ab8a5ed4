namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>The meteorological seasons of the northern-hemisphere calendar: DJF, MAM, JJA, SON.</summary>
public static class MeteorologicalSeason
{
    /// <summary>The four seasons' names, in index order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["DJF", "MAM", "JJA", "SON"];

    /// <summary>0 = December–February, 1 = March–May, 2 = June–August, 3 = September–November.</summary>
    public static int Of(DateTime time) => time.Month % 12 / 3;

    /// <summary>The month names of a season, for sentences ("in December–February").</summary>
    public static string Months(int season) => season switch
    {
        0 => "December–February",
        1 => "March–May",
        2 => "June–August",
        3 => "September–November",
        _ => throw new ArgumentOutOfRangeException(nameof(season), season, "a season is 0…3."),
    };
}
