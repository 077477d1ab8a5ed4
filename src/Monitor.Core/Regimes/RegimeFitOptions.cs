namespace Monitor.Core.Regimes;

/// <summary>Options of <see cref="RegimeFitter"/> (defaults as in Grams et al. 2017 where they apply).</summary>
public sealed record RegimeFitOptions
{
    /// <summary>Number of EOFs kept for clustering (≥ 1); default 7.</summary>
    public int Eofs { get; init; } = 7;

    /// <summary>Number of regimes k (≥ 1); default 7.</summary>
    public int Regimes { get; init; } = 7;

    /// <summary>Cut-off period of the Lanczos low-pass filter (days); null = no filtering (the default).</summary>
    public double? LowPassDays { get; init; }

    /// <summary>Annual harmonics of the climatology (≥ 0); default 2 (0 = time mean only, for archives shorter than a year).</summary>
    public int Harmonics { get; init; } = 2;

    /// <summary>k-means seed; default 0.</summary>
    public long Seed { get; init; }

    /// <summary>k-means restarts (≥ 1); default 20.</summary>
    public int Restarts { get; init; } = 20;

    /// <summary>The persistence rule; default index ≥ 1.0 for ≥ 5 days.</summary>
    public RegimePersistence Persistence { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option (as on the command line).</summary>
    public void Validate()
    {
        Check(Eofs >= 1, "--eofs", Eofs, "must be ≥ 1");
        Check(Regimes >= 1, "--k", Regimes, "must be ≥ 1");
        Check(Restarts >= 1, "--restarts", Restarts, "must be ≥ 1");
        Check(Harmonics >= 0, "--harmonics", Harmonics, "must be ≥ 0");
        Check(LowPassDays is null || (LowPassDays > 0 && double.IsFinite(LowPassDays.Value)), "--lowpass-days", LowPassDays, "must be a positive number of days");
        Check(double.IsFinite(Persistence.Threshold), "--threshold", Persistence.Threshold, "must be finite");
        Check(Persistence.MinimumDays >= 0 && double.IsFinite(Persistence.MinimumDays), "--min-days", Persistence.MinimumDays, "must be ≥ 0");
    }

    private static void Check(bool ok, string option, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} {rule}, got {value}.");
        }
    }
}
