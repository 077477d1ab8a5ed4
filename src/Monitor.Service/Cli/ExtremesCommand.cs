using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Products;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor extremes --cycle FOLDER --climatology DIR</c>: the extreme regions of a cycle against the percentile
/// climatology, per kind and lead, tracked across leads (and linked to a previous cycle's JSON), as a table and JSON.
/// </summary>
internal static class ExtremesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var cycle = new Option<string>("--cycle") { Description = "Cycle folder (named yyyyMMddHH) holding netCDF or GRIB files.", Required = true };
        var climatology = new Option<string>("--climatology") { Description = "Climatology directory (from climatology build).", DefaultValueFactory = _ => "data/climatology" };
        var lead = new Option<int?>("--lead") { Description = "Only this lead (h); default every lead." };
        var kinds = new Option<string>("--kinds") { Description = "Kinds, comma-separated: hot, cold, wind, heavy_precipitation.", DefaultValueFactory = _ => "hot,cold,wind,heavy_precipitation" };
        var thresholds = new Option<string?>("--thresholds") { Description = "Threshold percentiles, e.g. hot=p95,cold=p05 (defaults p99, p01, p99, p99)." };
        var minArea = new Option<double>("--min-area-km2") { Description = "Minimum region area (km²).", DefaultValueFactory = _ => 10_000 };
        var merge = new Option<double>("--merge-km") { Description = "Fragments closer than this (km) are one region.", DefaultValueFactory = _ => 100 };
        var minSot = new Option<double>("--min-sot") { Description = "Cells must also have a shift-of-tails index (x − p99)/(p99 − p90) of at least this; 0 = no such condition.", DefaultValueFactory = _ => 0 };
        var previous = new Option<string?>("--previous") { Description = "JSON of the previous cycle's extremes, to link tracks across cycles." };
        var json = new Option<string?>("--json") { Description = "Write the regions (with cells) as JSON to this file." };
        var command = new Command("extremes", "Find extreme regions (hot, cold, wind, heavy precipitation) in a cycle against the percentile climatology.")
        {
            cycle, climatology, lead, kinds, thresholds, minArea, merge, minSot, previous, json,
        };
        command.SetAction(parse =>
        {
            IReadOnlyList<ExtremeKind> selected;
            RegionOptions options;
            try
            {
                selected = ExtremeKind.Select(ExtremeKind.WithThresholds(parse.GetValue(thresholds)), parse.GetValue(kinds));
                options = new RegionOptions
                {
                    MinimumAreaKm2 = parse.GetValue(minArea),
                    MergeDistanceKm = parse.GetValue(merge),
                    MinimumShiftOfTails = parse.GetValue(minSot),
                }.Validate();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"extremes: {ex.Message}");
                return 2;
            }

            return Run(parse.GetValue(cycle)!, parse.GetValue(climatology)!, parse.GetValue(lead), selected, options,
                parse.GetValue(previous), parse.GetValue(json), output, error);
        });
        return command;
    }

    internal static int Run(string cycleFolder, string climatologyDirectory, int? lead, IReadOnlyList<ExtremeKind> kinds, RegionOptions options,
        string? previousJson, string? jsonPath, TextWriter output, TextWriter error)
    {
        if (!CycleFolder.TryParse(cycleFolder, out CycleId cycle))
        {
            error.WriteLine($"extremes: '{cycleFolder}' is not a cycle folder named yyyyMMddHH.");
            return 2;
        }

        try
        {
            CycleData data = new CycleAssembler().Assemble(cycle, CycleFolder.DataFiles(cycleFolder)).Data;
            using PercentileClimatology climate = ClimatologyFiles.Open(climatologyDirectory);
            CycleExtremes found = ExtremeDetector.Detect(data, climate, kinds, options, lead is int l ? [l] : null);
            if (previousJson is not null)
            {
                CycleExtremes before = CycleExtremes.Read(previousJson);
                if (!before.Grid.Matches(data.Grid))
                {
                    throw new DimensionMismatchException(previousJson, null, $"its grid {before.Grid} differs from cycle {cycle}'s grid {data.Grid}.");
                }

                found = found with { Regions = ExtremeTracker.LinkToPreviousCycle(found.Regions, before.Regions, before.Cycle) };
            }

            Print(found, kinds, data, output);
            if (jsonPath is not null)
            {
                found.Write(jsonPath);
                output.WriteLine($"regions written to {jsonPath}");
            }

            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or InvalidDataException or IncompleteCycleException or ArgumentException)
        {
            error.WriteLine($"extremes: {ex.Message}");
            return 1;
        }
    }

    private static void Print(CycleExtremes found, IReadOnlyList<ExtremeKind> kinds, CycleData data, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"cycle {found.Cycle}: {found.Regions.Count} extreme region(s) in {found.Regions.Select(r => r.Id).Distinct().Count()} track(s); " +
                         $"leads {string.Join(",", found.Regions.Select(r => r.LeadHours).Distinct().DefaultIfEmpty().Order())} h; climatology {found.Climatology}");
        output.WriteLine($"kinds: {string.Join("; ", kinds)}; min area {found.MinimumAreaKm2.ToString("N0", c)} km², merge {found.MergeDistanceKm.ToString(c)} km");
        if (found.Regions.Count == 0)
        {
            output.WriteLine($"no extreme region in {data.LeadHours.Count} lead(s).");
            return;
        }

        // The overview a forecaster reads first: per kind, how many events and the largest one.
        output.WriteLine($"{"kind",-20} {"tracks",6} {"regions",7}  largest track (its largest area, leads, strongest anomaly)");
        foreach (IGrouping<string, ExtremeRegion> kind in found.Regions.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            IGrouping<string, ExtremeRegion> largest = kind.GroupBy(r => r.Id).OrderByDescending(t => t.Max(r => r.AreaKm2)).ThenBy(t => TrackNumber(t.Key)).First();
            ExtremeRegion strongest = largest.MaxBy(r => Math.Abs(r.PeakAnomaly))!;
            double scale = strongest.Variable == "tp" ? 1000 : 1;
            output.WriteLine(string.Create(c,
                $"{kind.Key,-20} {kind.Select(r => r.Id).Distinct().Count(),6} {kind.Count(),7}  {largest.Key} ({largest.Max(r => r.AreaKm2):N0} km², +{largest.Min(r => r.LeadHours)}..+{largest.Max(r => r.LeadHours)} h, {strongest.PeakAnomaly * scale:+0.00;-0.00} at +{strongest.LeadHours} h)"));
        }

        output.WriteLine();
        output.WriteLine($"{"id",-24} {"lead",5} {"valid (UTC)",-13} {"area km²",11} {"centroid",-17} {"lat N..S",-13} {"lon W..E",-16} {"peak",10} {"anomaly",9} {"pct",4} {"SOT",6} previous");
        // Tracks in the order they were opened (earliest lead, largest area first): hot-9 before hot-10.
        foreach (ExtremeRegion r in found.Regions.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => TrackNumber(r.Id)).ThenBy(r => r.LeadHours))
        {
            double scale = r.Variable == "tp" ? 1000 : 1;   // precipitation in mm
            output.WriteLine(string.Create(c,
                $"{r.Id,-24} {"+" + r.LeadHours,5} {r.ValidTime,-13:MM-dd HH:mm} {r.AreaKm2,11:N0} {Lat(r.CentroidLatitude) + " " + Lon(r.CentroidLongitude),-17} " +
                $"{r.North,5:F1}..{r.South,-6:F1} {r.West,7:F1}..{r.East,-7:F1} {r.PeakValue * scale,10:F2} {r.PeakAnomaly * scale,+9:+0.00;-0.00} {r.PercentileExceeded,4} {r.ShiftOfTails,6:F2} {r.PreviousCycleId ?? "-"}"));
        }

        output.WriteLine("units: t2m K, si10 m/s, tp mm; anomaly against the climatological mean; SOT = (x − p99)/(p99 − p90)");
    }

    private static string Lat(double lat) => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lat):F1}°{(lat >= 0 ? "N" : "S")}");

    private static string Lon(double lon) => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lon):F1}°{(lon >= 0 ? "E" : "W")}");

    /// <summary>The number of a track id such as <c>hot-12</c>.</summary>
    private static int TrackNumber(string id) =>
        int.TryParse(id.AsSpan(id.LastIndexOf('-') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : int.MaxValue;
}
