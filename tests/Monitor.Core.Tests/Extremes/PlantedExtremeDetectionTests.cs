using System.Globalization;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Monitor.Core.Tests.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Extremes;

/// <summary>
/// The detector finds the planted extremes of a synthetic year (ExtremesArchiveFixture: 6-hourly analyses, 1°
/// Euro-Atlantic) against the climatology built from that year, scored by area overlap at each event's mid-life
/// analysis (docs/extremes.md, "Scoring"): a detected region is a hit when at least half its area lies inside the
/// masks of the planted events of its kind active then; an event is found when a hit of its kind overlaps its mask.
/// Recall = found / planted events, precision = hits / detected regions at the evaluated times. The climatology is
/// built from the same year computed without the planted events (the model climate of ordinary weather: an in-sample
/// 31-sample window's 99th percentile is almost its largest value, the event itself), and a cell is extreme only with
/// a shift of tails ≥ 1 (beyond p99 by at least the p90–p99 tail width; ECMWF reads SOT ≥ 1 as a strong signal).
/// </summary>
public sealed class PlantedExtremeDetectionTests : IClassFixture<ExtremesArchiveFixture>, IDisposable
{
    private readonly ExtremesArchiveFixture _archive;
    private readonly ITestOutputHelper _output;
    private readonly TemporaryDirectory _directory = new();

    public PlantedExtremeDetectionTests(ExtremesArchiveFixture archive, ITestOutputHelper output)
    {
        _archive = archive;
        _output = output;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void PlantedExtremes_AreFound_WithRecallAtLeast90AndPrecisionAtLeast80Percent()
    {
        GridSpec grid = _archive.Options.Grid;
        ClimateSample[] samples = [.. _archive.Times.Select(t => new ClimateSample(new CycleId(t), 0))];
        ArchiveModel calm = ArchiveModel.For(grid, _archive.Geography.Fields, _archive.Options.From, _archive.Options.To, 0, _archive.Options.Seed, withEvents: false);
        var t2m = new float[samples.Length][];
        var wind = new float[samples.Length][];
        var tp = new float[samples.Length][];
        Parallel.For(0, samples.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            ModelOutput analysis = calm.Analysis(_archive.Times[i]);
            t2m[i] = analysis[ModelOutput.T2m].ToArray();
            wind[i] = analysis.WindSpeed();
            tp[i] = analysis[ModelOutput.Tp].ToArray();
        });
        var source = new ArrayClimateSource(grid, samples, new Dictionary<VariableId, IReadOnlyList<float[]>>
        {
            [new("t2m")] = t2m,
            [new("si10")] = wind,
            [new("tp")] = tp,
        });
        ClimatologyBuilder.Build(source, new ClimatologyOptions(), new ClimatologyFiles(_directory.Path));
        using PercentileClimatology climatology = ClimatologyFiles.Open(_directory.Path);

        var kindOf = new Dictionary<EventKind, ExtremeKind>
        {
            [EventKind.HeatWave] = ExtremeKind.Hot,
            [EventKind.AdvectiveWarmSpell] = ExtremeKind.Hot,
            [EventKind.WindStorm] = ExtremeKind.Wind,
            [EventKind.HeavyPrecipitation] = ExtremeKind.HeavyPrecipitation,
        };
        var fields = new Dictionary<string, float[][]> { ["hot"] = _archive.T2m, ["wind"] = _archive.WindSpeed, ["heavy_precipitation"] = _archive.Tp };
        double[] areas = grid.CellAreasKm2();
        var options = new RegionOptions { MinimumShiftOfTails = 1 };
        var lines = new List<string>();
        int events = 0, found = 0, regions = 0, hits = 0;
        double areaAll = 0, areaIn = 0;
        foreach (ExtremeKind kind in new[] { ExtremeKind.Hot, ExtremeKind.Wind, ExtremeKind.HeavyPrecipitation })
        {
            PlantedEvent[] planted = [.. _archive.Model.Events.Where(e => kindOf[e.Kind] == kind && _archive.MidLifeIndex(e) is int m && m >= 0 && m < _archive.Times.Length)];
            int kindEvents = 0, kindFound = 0, kindRegions = 0, kindHits = 0;
            foreach (int index in planted.Select(_archive.MidLifeIndex).Distinct().Order())
            {
                DateTime time = _archive.Times[index];
                PlantedEvent[] active = [.. _archive.Model.Events.Where(e => kindOf[e.Kind] == kind && e.IsActive(time))];
                bool[][] masks = [.. active.Select(e => e.MaskAt(grid, time))];
                IReadOnlyList<ExtremeRegion> detected = RegionDetector.Detect(grid, kind, fields[kind.Name][index],
                    ClimateFields.From(climatology, kind.Variable, time), options, 0, time, "");
                var hitRegions = detected.Where(r => r.Cells.Where(c => masks.Any(m => m[c])).Sum(c => areas[c / grid.LongitudeCount]) >= 0.5 * r.AreaKm2).ToList();
                areaAll += detected.Sum(r => r.AreaKm2);
                areaIn += detected.Sum(r => r.Cells.Where(c => masks.Any(m => m[c])).Sum(c => areas[c / grid.LongitudeCount]));
                kindRegions += detected.Count;
                kindHits += hitRegions.Count;
                foreach (PlantedEvent e in planted.Where(e => _archive.MidLifeIndex(e) == index))
                {
                    bool[] mask = e.MaskAt(grid, time);
                    bool isFound = hitRegions.Any(r => r.Cells.Any(c => mask[c]));
                    kindEvents++;
                    kindFound += isFound ? 1 : 0;
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{kind.Name,-20} event {e.Id,3} {e.Kind,-18} {time:yyyy-MM-dd HH} {(isFound ? "found" : "MISSED")}; regions then: {detected.Count}, hits {hitRegions.Count}"));
                }
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{kind.Name}: recall {kindFound}/{kindEvents}, precision {kindHits}/{kindRegions}"));
            (events, found, regions, hits) = (events + kindEvents, found + kindFound, regions + kindRegions, hits + kindHits);
        }

        lines.ForEach(_output.WriteLine);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"share of detected area inside planted masks {areaIn / areaAll:F3}"));
        double recall = (double)found / events, precision = (double)hits / regions;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all kinds: recall {found}/{events} = {recall:F3}, precision {hits}/{regions} = {precision:F3}"));
        Assert.True(events >= 10, $"only {events} planted events evaluated");
        Assert.True(recall >= 0.9, $"recall {recall:F3} < 0.9");
        Assert.True(precision >= 0.8, $"precision {precision:F3} < 0.8");
    }
}
