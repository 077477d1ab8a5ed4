namespace Monitor.Core.Extremes.Regions;

/// <summary>
/// One extreme region at one lead: a connected area where a variable is beyond its climatological threshold.
/// Longitudes are in −180…180 °E; a box crossing the date line has <see cref="West"/> &gt; <see cref="East"/>.
/// </summary>
public sealed record ExtremeRegion
{
    /// <summary>Track id, stable within the cycle: <c>{kind}-{nn}</c>, numbered by first lead, then by area (largest first).</summary>
    public string Id { get; init; } = "";

    /// <summary>Kind name (<c>hot</c>, <c>cold</c>, <c>wind</c>, <c>heavy_precipitation</c>, …).</summary>
    public required string Kind { get; init; }

    /// <summary>The variable (e.g. <c>t2m</c>).</summary>
    public required string Variable { get; init; }

    /// <summary>Units of <see cref="PeakValue"/> and <see cref="PeakAnomaly"/>.</summary>
    public required string Units { get; init; }

    /// <summary>Lead (h).</summary>
    public required int LeadHours { get; init; }

    /// <summary>Valid time (UTC).</summary>
    public required DateTime ValidTime { get; init; }

    /// <summary>Area (km²).</summary>
    public required double AreaKm2 { get; init; }

    /// <summary>Number of grid cells.</summary>
    public int CellCount => Cells.Length;

    /// <summary>Area-weighted centroid latitude (°N), from the mean of the cells' unit vectors.</summary>
    public required double CentroidLatitude { get; init; }

    /// <summary>Area-weighted centroid longitude (°E, −180…180).</summary>
    public required double CentroidLongitude { get; init; }

    /// <summary>Northernmost cell centre (°N).</summary>
    public required double North { get; init; }

    /// <summary>Southernmost cell centre (°N).</summary>
    public required double South { get; init; }

    /// <summary>Westernmost cell centre (°E, −180…180), west end of the shortest arc holding every column.</summary>
    public required double West { get; init; }

    /// <summary>Easternmost cell centre (°E, −180…180); less than <see cref="West"/> when the region crosses the date line.</summary>
    public required double East { get; init; }

    /// <summary>The most extreme value (largest for "above" kinds, smallest for "below").</summary>
    public required double PeakValue { get; init; }

    /// <summary>The most extreme anomaly against the climatological mean (largest, or most negative for "below").</summary>
    public required double PeakAnomaly { get; init; }

    /// <summary>Latitude of the peak value (°N).</summary>
    public required double PeakLatitude { get; init; }

    /// <summary>Longitude of the peak value (°E, −180…180).</summary>
    public required double PeakLongitude { get; init; }

    /// <summary>
    /// Largest shift-of-tails index over the region's cells, after ECMWF's Shift of Tails with the forecast value in
    /// place of the ensemble's 90th percentile: (x − p99) / (p99 − p90) for "above" kinds, (p01 − x) / (p10 − p01) for
    /// "below"; &gt; 0 beyond the 99th (1st) percentile, ≥ 1 beyond it by a whole 90–99 tail width.
    /// </summary>
    public required double ShiftOfTails { get; init; }

    /// <summary>The most extreme stored percentile the peak value lies beyond, e.g. <c>p99</c>.</summary>
    public required string PercentileExceeded { get; init; }

    /// <summary>The track id of the same event in the previous cycle (matched by overlap at equal valid times), or null.</summary>
    public string? PreviousCycleId { get; init; }

    /// <summary>Grid cells (row-major indices <c>row × lon + column</c>), ascending.</summary>
    public required int[] Cells { get; init; }
}
