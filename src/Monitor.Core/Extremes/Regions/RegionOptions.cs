namespace Monitor.Core.Extremes.Regions;

/// <summary>How exceedance cells become regions.</summary>
public sealed record RegionOptions
{
    /// <summary>Regions smaller than this (km², after merging) are dropped. Default 10 000 km² (about 100 km × 100 km).</summary>
    public double MinimumAreaKm2 { get; init; } = 10_000;

    /// <summary>Fragments whose nearest cells are at most this far apart (km, great circle) are one region. Default 100 km; 0 keeps only touching cells together.</summary>
    public double MergeDistanceKm { get; init; } = 100;

    /// <summary>
    /// When positive, a cell is extreme only if its shift-of-tails index (x − p99)/(p99 − p90) — or (p01 − x)/(p10 − p01)
    /// for "below" kinds — is at least this, besides lying beyond the kind's threshold: the cell must lie beyond the
    /// 99th percentile by this many p90–p99 tail widths. Default 0: no such condition. ECMWF reads SOT ≥ 1 as a strong
    /// signal; use it with climatologies long enough that their 99th percentile is not simply the largest sample.
    /// </summary>
    public double MinimumShiftOfTails { get; init; }

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option and value.</summary>
    public RegionOptions Validate()
    {
        if (!(MinimumAreaKm2 >= 0) || double.IsInfinity(MinimumAreaKm2))
        {
            throw new ArgumentException($"--min-area-km2 must be a non-negative area (km²), got {MinimumAreaKm2}.");
        }

        if (!(MergeDistanceKm >= 0) || MergeDistanceKm > 5000)
        {
            throw new ArgumentException($"--merge-km must be 0–5000 km, got {MergeDistanceKm}.");
        }

        if (double.IsNaN(MinimumShiftOfTails))
        {
            throw new ArgumentException("--min-sot must be a number.");
        }

        return this;
    }
}
