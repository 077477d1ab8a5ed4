using System.Globalization;
using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The planted extremes are extremes of the archive they are planted in: at mid-life, the analysis inside each event's
/// mask exceeds the archive's own 99th percentile of the variable at those cells (per cell, linear-interpolated
/// quantile over the archive's analyses of that cell) or, for wind and precipitation, over all cells. For t2m the
/// reference is the same cell at the same time of day (UTC hour), in the season: within ±30 days for heat waves,
/// December–February for warm spells — a night-time analysis is not compared with afternoons. The ground truth
/// round-trips through <c>truth/events.json</c> and <c>truth/regimes.csv</c>.
/// </summary>
public sealed class PlantedExtremesTests : IClassFixture<ExtremesArchiveFixture>
{
    private readonly ExtremesArchiveFixture _archive;
    private readonly ITestOutputHelper _output;

    public PlantedExtremesTests(ExtremesArchiveFixture archive, ITestOutputHelper output)
    {
        _archive = archive;
        _output = output;
    }

    [Fact]
    public void HeatWaves_ExceedTheLocal99thPercentileOfT2m_ForTheTimeOfDayAndSeason()
    {
        AssertEveryEventIsExtreme(EventKind.HeatWave, _archive.T2m, (mid, j) => j % 4 == mid % 4 && Math.Abs(j - mid) <= 120, global: false);
    }

    [Fact]
    public void AdvectiveWarmSpells_ExceedTheLocalWinter99thPercentileOfT2m_ForTheTimeOfDay()
    {
        AssertEveryEventIsExtreme(EventKind.AdvectiveWarmSpell, _archive.T2m,
            (mid, j) => j % 4 == mid % 4 && _archive.Times[j].Month is 12 or 1 or 2, global: false);
    }

    [Fact]
    public void WindStorms_Exceed99thPercentileOfWindSpeed()
    {
        AssertEveryEventIsExtreme(EventKind.WindStorm, _archive.WindSpeed, (_, _) => true, global: true);
    }

    [Fact]
    public void HeavyPrecipitation_Exceeds99thPercentileOfTp()
    {
        AssertEveryEventIsExtreme(EventKind.HeavyPrecipitation, _archive.Tp, (_, _) => true, global: true);
    }

    [Fact]
    public void EventsJson_RoundTripsThePlannedEvents_AndOnlyWarmSpellsAreUnusual()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_archive.Options.OutputDirectory, GroundTruthWriter.Folder, "events.json")));
        JsonElement[] written = [.. json.RootElement.EnumerateArray()];
        IReadOnlyList<PlantedEvent> planned = _archive.Model.Events;

        _output.WriteLine($"seed {_archive.Options.Seed}: " + string.Join(", ", planned.GroupBy(e => e.Kind).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.Equal(planned.Count, written.Length);
        Assert.All(Enum.GetValues<EventKind>(), kind => Assert.Contains(planned, e => e.Kind == kind));
        for (int i = 0; i < planned.Count; i++)
        {
            PlantedEvent e = planned[i];
            JsonElement w = written[i];
            Assert.Equal(e.Id, w.GetProperty("id").GetInt32());
            Assert.Equal(e.Kind switch
            {
                EventKind.HeatWave => "heat_wave",
                EventKind.WindStorm => "wind_storm",
                EventKind.HeavyPrecipitation => "heavy_precipitation",
                _ => "advective_warm_spell",
            }, w.GetProperty("kind").GetString());
            Assert.Equal(e.Start, Utc(w.GetProperty("start")));
            Assert.Equal(e.End, Utc(w.GetProperty("end")));
            Assert.Equal(e.RadiusKm, w.GetProperty("radiusKm").GetDouble());
            Assert.Equal(e.Intensity, w.GetProperty("intensity").GetDouble());
            Assert.Equal(e.Driver, w.GetProperty("driver").GetString());
            Assert.Equal(e.UnusualForPlaceAndSeason, w.GetProperty("unusualForPlaceAndSeason").GetBoolean());
            Assert.Equal(e.Kind == EventKind.AdvectiveWarmSpell, e.UnusualForPlaceAndSeason);
            JsonElement[] track = [.. w.GetProperty("track").EnumerateArray()];
            Assert.Equal(e.Track.Count, track.Length);
            Assert.Equal((int)((e.End - e.Start).TotalHours / 6) + 1, track.Length);
            for (int k = 0; k < track.Length; k++)
            {
                Assert.Equal(e.Track[k].Time, Utc(track[k].GetProperty("time")));
                Assert.Equal(e.Track[k].Latitude, track[k].GetProperty("latitude").GetDouble());
                Assert.Equal(e.Track[k].Longitude, track[k].GetProperty("longitude").GetDouble());
            }
        }
    }

    [Fact]
    public void RegimesCsv_ListsEvery6HourStep_WithOneLabel_AndWeightsSummingToOne()
    {
        string[] lines = File.ReadAllLines(Path.Combine(_archive.Options.OutputDirectory, GroundTruthWriter.Folder, "regimes.csv"));
        string[] names = ["zonal", "blocking", "atlantic_ridge", "atlantic_trough"];

        Assert.Equal("valid_time,regime,w_zonal,w_blocking,w_atlantic_ridge,w_atlantic_trough", lines[0]);
        DateTime first = _archive.Options.From.AddDays(-2);
        DateTime lastNeeded = _archive.Options.To.AddHours(_archive.Options.LeadHours[^1]).AddDays(1);
        double worst = 0;
        int changes = 0;
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            Assert.Equal(6, f.Length);
            DateTime time = DateTime.ParseExact(f[0], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.Equal(first.AddHours(6 * (i - 1)), time);
            Assert.Contains(f[1], names);
            Assert.Equal(names[(int)_archive.Model.Chain.LabelAt(time)], f[1]);
            changes += i > 1 && lines[i - 1].Split(',')[1] != f[1] ? 1 : 0;
            double[] w = [.. f.Skip(2).Select(x => double.Parse(x, CultureInfo.InvariantCulture))];
            Assert.All(w, x => Assert.InRange(x, 0, 1));
            worst = Math.Max(worst, Math.Abs(w.Sum() - 1));
        }

        DateTime last = first.AddHours(6 * (lines.Length - 2));
        _output.WriteLine($"{lines.Length - 1} steps {first:yyyy-MM-dd HH} … {last:yyyy-MM-dd HH}, {changes} regime changes; worst |Σw − 1| = {worst:G3}");
        Assert.True(last >= lastNeeded && last < lastNeeded.AddHours(6), $"last step {last:o}, needed {lastNeeded:o}");
        Assert.True(changes > 20, $"only {changes} regime changes in a year");
        Assert.True(worst <= 2.5e-4, $"weights sum off by {worst} (four weights written with 4 decimals)");
    }

    /// <summary>
    /// For each event of <paramref name="kind"/> with mid-life in the archive: the largest excess, over the mask's cells,
    /// of the mid-life analysis above the cell's own 99th percentile over the reference analyses (those
    /// <paramref name="reference"/> admits for the mid-life index), and — when <paramref name="global"/> — the excess
    /// of the mask's maximum above the 99th percentile of every cell at every time. One of them must be positive.
    /// </summary>
    private void AssertEveryEventIsExtreme(EventKind kind, float[][] field, Func<int, int, bool> reference, bool global)
    {
        GridSpec grid = _archive.Options.Grid;
        double scale = kind == EventKind.HeavyPrecipitation ? 1000 : 1;   // tp in mm for the report
        double globalP99 = global ? Percentile.Of(field.SelectMany(x => x).Select(x => (double)x), 0.99) : double.NaN;
        var failures = new List<string>();
        int checkedEvents = 0;
        foreach (PlantedEvent e in _archive.Model.Events.Where(e => e.Kind == kind))
        {
            int mid = _archive.MidLifeIndex(e);
            if (mid < 0 || mid >= _archive.Times.Length)
            {
                continue;
            }

            checkedEvents++;
            bool[] mask = e.MaskAt(grid, _archive.Times[mid]);
            int[] cells = [.. Enumerable.Range(0, grid.CellCount).Where(i => mask[i])];
            int[] times = [.. Enumerable.Range(0, _archive.Times.Length).Where(j => reference(mid, j))];
            double localExcess = double.NegativeInfinity, value = double.NaN, threshold = double.NaN;
            foreach (int cell in cells)
            {
                double p99 = Percentile.Of(times.Select(j => (double)field[j][cell]), 0.99);
                if (field[mid][cell] - p99 > localExcess)
                {
                    (localExcess, value, threshold) = (field[mid][cell] - p99, field[mid][cell], p99);
                }
            }

            double peak = cells.Length == 0 ? double.NaN : cells.Max(c => field[mid][c]);
            double globalExcess = peak - globalP99;
            bool extreme = localExcess > 0 || (global && globalExcess > 0);
            (double lat, double lon) = e.CentreAt(_archive.Times[mid]);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{e.Id,3} {e.Start:MM-dd HH}–{e.End:MM-dd HH} mid {_archive.Times[mid]:MM-dd HH} ({lat:F1}°N, {lon:F1}°E), {cells.Length} cells: " +
                $"best cell {value * scale:F2} vs its p99 {threshold * scale:F2} (excess {localExcess * scale:+0.00;-0.00})");
            if (global)
            {
                line += string.Create(CultureInfo.InvariantCulture, $"; mask max {peak * scale:F2} vs global p99 {globalP99 * scale:F2}");
            }

            line += extreme ? "" : "  ← NOT EXTREME";
            _output.WriteLine(line);
            if (!extreme)
            {
                failures.Add(line);
            }
        }

        _output.WriteLine($"{kind}: {checkedEvents} events, {failures.Count} not extreme (seed {_archive.Options.Seed})");
        Assert.True(checkedEvents > 0, $"no {kind} with mid-life in the archive");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedEvents} planted {kind} events are not extremes:\n{string.Join("\n", failures)}");
    }

    private static DateTime Utc(JsonElement element) => element.GetDateTime().ToUniversalTime();
}
