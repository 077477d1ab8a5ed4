using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Regions;

/// <summary>
/// Extreme regions of one field: cells beyond the kind's climatological percentile (and its absolute floor), grouped
/// by <see cref="RegionFinder"/>, each described by area, area-weighted centroid, bounding box, peak value, peak
/// anomaly and the percentile exceeded. Cells where the value or the threshold is NaN are never extreme.
/// </summary>
public static class RegionDetector
{
    /// <summary>Finds the regions (without track ids) of <paramref name="values"/> (<c>[lat, lon]</c>).</summary>
    public static IReadOnlyList<ExtremeRegion> Detect(GridSpec grid, ExtremeKind kind, ReadOnlySpan<float> values, ClimateFields climate,
        RegionOptions options, int leadHours, DateTime validTime, string units)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(climate);
        ArgumentNullException.ThrowIfNull(options);
        if (values.Length != grid.CellCount)
        {
            throw new ArgumentException($"{kind.Variable}: field has {values.Length} values, the grid {grid.CellCount}.", nameof(values));
        }

        bool above = kind.Direction == ExceedanceDirection.Above;
        float[] threshold = climate.Of(kind.Threshold);
        float[] p99 = climate.Of(above ? ClimateStatistic.P99 : ClimateStatistic.P01), p90 = climate.Of(above ? ClimateStatistic.P90 : ClimateStatistic.P10);
        double minimumSot = options.MinimumShiftOfTails;
        var mask = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            mask[i] = (above ? x > threshold[i] : x < threshold[i]) && (kind.MinimumValue is not double floor || x > floor) &&
                      (minimumSot <= 0 || ShiftOfTails(x, p99[i], p90[i], above) >= minimumSot);
        }

        var regions = new List<ExtremeRegion>();
        foreach (int[] cells in RegionFinder.Find(grid, mask, options.Validate()))
        {
            regions.Add(Describe(grid, kind, values, climate, cells, leadHours, validTime, units));
        }

        return regions;
    }

    private static ExtremeRegion Describe(GridSpec grid, ExtremeKind kind, ReadOnlySpan<float> values, ClimateFields climate, int[] cells,
        int leadHours, DateTime validTime, string units)
    {
        int cols = grid.LongitudeCount;
        bool above = kind.Direction == ExceedanceDirection.Above;
        double area = 0, north = double.MinValue, south = double.MaxValue;
        int peak = cells[0];
        double peakAnomaly = double.NaN, severity = double.NegativeInfinity;
        float[] p99 = climate.Of(above ? ClimateStatistic.P99 : ClimateStatistic.P01), p90 = climate.Of(above ? ClimateStatistic.P90 : ClimateStatistic.P10);
        foreach (int cell in cells)
        {
            int r = cell / cols;
            area += grid.CellAreaKm2(r);
            north = Math.Max(north, grid.Latitude(r));
            south = Math.Min(south, grid.Latitude(r));
            if (above ? values[cell] > values[peak] : values[cell] < values[peak])
            {
                peak = cell;
            }

            severity = Math.Max(severity, ShiftOfTails(values[cell], p99[cell], p90[cell], above));

            double anomaly = values[cell] - climate.Mean[cell];
            if (double.IsNaN(peakAnomaly) || (above ? anomaly > peakAnomaly : anomaly < peakAnomaly))
            {
                peakAnomaly = anomaly;
            }
        }

        (double west, double east) = LongitudeSpan(grid, cells);
        (double centroidLatitude, double centroidLongitude) = GreatCircle.Centroid(grid, cells);
        return new ExtremeRegion
        {
            Kind = kind.Name,
            Variable = kind.Variable.ToString(),
            Units = units,
            LeadHours = leadHours,
            ValidTime = validTime,
            AreaKm2 = area,
            CentroidLatitude = centroidLatitude,
            CentroidLongitude = Normalize(centroidLongitude),
            North = north,
            South = south,
            West = west,
            East = east,
            PeakValue = values[peak],
            PeakAnomaly = peakAnomaly,
            PeakLatitude = grid.Latitude(peak / cols),
            PeakLongitude = Normalize(grid.Longitude(peak % cols)),
            ShiftOfTails = severity,
            PercentileExceeded = ClimateStatistics.Name(Exceeded(kind, climate, values[peak], peak)),
            Cells = cells,
        };
    }

    /// <summary>
    /// Shift of tails at a cell: ECMWF's SOT with the forecast value in place of the ensemble's 90th percentile,
    /// (x − p99)/(p99 − p90), or (p01 − x)/(p10 − p01) below; the tail width is floored at 1e-6 (dry cells).
    /// </summary>
    private static double ShiftOfTails(float x, float p99, float p90, bool above) =>
        (above ? x - p99 : p99 - x) / Math.Max(Math.Abs(p99 - p90), 1e-6);

    /// <summary>The most extreme stored percentile on the kind's side that <paramref name="value"/> lies beyond; the kind's threshold when none.</summary>
    private static ClimateStatistic Exceeded(ExtremeKind kind, ClimateFields climate, float value, int cell)
    {
        ClimateStatistic best = kind.Threshold;
        ClimateStatistic[] side = kind.Direction == ExceedanceDirection.Above
            ? [ClimateStatistic.P90, ClimateStatistic.P95, ClimateStatistic.P99]
            : [ClimateStatistic.P10, ClimateStatistic.P05, ClimateStatistic.P01];
        foreach (ClimateStatistic p in side)
        {
            float t = climate.Of(p)[cell];
            if (kind.Direction == ExceedanceDirection.Above ? value > t : value < t)
            {
                best = p;
            }
        }

        return best;
    }

    /// <summary>West and east ends (°E, −180…180) of the shortest arc covering the region's columns.</summary>
    private static (double West, double East) LongitudeSpan(GridSpec grid, int[] cells)
    {
        int cols = grid.LongitudeCount;
        var used = new bool[cols];
        foreach (int cell in cells)
        {
            used[cell % cols] = true;
        }

        if (!grid.IsGlobalWrap)
        {
            int first = Array.IndexOf(used, true), last = Array.LastIndexOf(used, true);
            return (Normalize(grid.Longitude(first)), Normalize(grid.Longitude(last)));
        }

        // On a global grid the region's arc is the complement of the longest run of unused columns (circularly).
        int bestStart = -1, bestLength = 0;
        for (int start = 0; start < cols; start++)
        {
            if (used[start] || !used[(start - 1 + cols) % cols])
            {
                continue;
            }

            int length = 0;
            while (length < cols && !used[(start + length) % cols])
            {
                length++;
            }

            if (length > bestLength)
            {
                (bestStart, bestLength) = (start, length);
            }
        }

        if (bestStart < 0)
        {
            return (-180, 180 - grid.LongitudeStep);
        }

        int westColumn = (bestStart + bestLength) % cols, eastColumn = (bestStart - 1 + cols) % cols;
        return (Normalize(grid.Longitude(westColumn)), Normalize(grid.Longitude(eastColumn)));
    }

    private static double Normalize(double longitude) => GridSpec.NormalizeLongitude(longitude, LongitudeConvention.Minus180To180);
}
