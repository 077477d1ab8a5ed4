namespace Monitor.Core.Extremes.Climatology;

/// <summary>A statistic the percentile climatology stores per cell, hour of day and day-of-year window.</summary>
public enum ClimateStatistic
{
    /// <summary>1st percentile.</summary>
    P01,

    /// <summary>5th percentile.</summary>
    P05,

    /// <summary>10th percentile.</summary>
    P10,

    /// <summary>90th percentile.</summary>
    P90,

    /// <summary>95th percentile.</summary>
    P95,

    /// <summary>99th percentile.</summary>
    P99,

    /// <summary>Mean.</summary>
    Mean,

    /// <summary>Standard deviation (population form, divisor n, as numpy.std's default).</summary>
    Std,
}
