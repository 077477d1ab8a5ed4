using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Tests.Monitoring;

/// <summary>
/// The InfluxDB schema's promises: no two points of a report share series and time (which would silently overwrite
/// each other), tags come only from the schema and hold bounded values, and the cycle is a field everywhere.
/// </summary>
public sealed class ReportPointsTests
{
    private static readonly DateTime s_init = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void No_two_points_share_series_and_time()
    {
        IReadOnlyList<LinePoint> points = ReportPoints.From(Report());

        var keys = points.Select(p => (p.Measurement, string.Join(",", p.Tags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")), p.Time)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Uses_only_schema_names_and_carries_the_cycle_everywhere()
    {
        IReadOnlyList<LinePoint> points = ReportPoints.From(Report());

        Assert.All(points, p =>
        {
            Assert.Contains(p.Measurement, PointSchema.Measurements);
            Assert.All(p.Tags.Keys, k => Assert.Contains(k, PointSchema.Tags.All));
            Assert.All(p.Fields.Keys, f => Assert.True(PointSchema.HasField(p.Measurement, f), $"{p.Measurement}.{f} is not in PointSchema.Fields"));
            Assert.Equal("2026120600", p.Fields[PointSchema.CycleField]);
        });
        Assert.Equal(PointSchema.CycleMeasurements.Order(), points.Select(p => p.Measurement).Distinct().Order());
    }

    [Theory]
    [InlineData("regime", "index_3", true)]
    [InlineData("regime", "pc2", true)]
    [InlineData("regime", "pcx", false)]
    [InlineData("regime", "analogue12_label", true)]
    [InlineData("regime", "analogue_label", false)]
    [InlineData("regime", "analoguex_label", false)]
    [InlineData("cycle", "seconds_relevance", true)]
    [InlineData("cycle", "seconds_", false)]
    [InlineData("relevance", "share", true)]
    [InlineData("relevance", "shares", false)]
    [InlineData("nothing", "share", false)]
    public void Field_families_match_only_their_own_names(string measurement, string field, bool expected)
    {
        Assert.Equal(expected, PointSchema.HasField(measurement, field));
    }

    [Fact]
    public void Times_are_valid_times_and_the_lead_is_a_tag()
    {
        IReadOnlyList<LinePoint> points = ReportPoints.From(Report());

        foreach (LinePoint p in points.Where(p => p.Measurement != PointSchema.Cycle))
        {
            int lead = int.Parse(p.Tags[PointSchema.Tags.LeadHours], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(s_init.AddHours(lead), p.Time);
        }

        Assert.Equal(s_init, points.Single(p => p.Measurement == PointSchema.Cycle).Time);
    }

    [Fact]
    public void An_explained_region_carries_its_unexplained_departure_where_it_is_known()
    {
        IReadOnlyList<LinePoint> regions = [.. ReportPoints.From(Report()).Where(p => p.Measurement == PointSchema.RelevanceRegion)];

        LinePoint extreme = regions.First(p => p.Tags[PointSchema.Tags.Source] == "extreme");
        Assert.Equal((290.0, 284.0, 2.0), ((double)extreme.Fields["forecast_mean"], (double)extreme.Fields["climatological_mean"], (double)extreme.Fields["validation_rmse"]));
        Assert.Equal(4.0, (double)extreme.Fields["unexplained_departure"], 12);   // (290 − 284) − (285 − 283)
        Assert.Equal((0.5, 1.25), ((double)extreme.Fields["unexplained_usual_mean"], (double)extreme.Fields["unexplained_usual_spread"]));
        string watchLine = ReportPoints.Lines(Report()).First(l => l.StartsWith("relevance_region,", StringComparison.Ordinal) && l.Contains("source=watch", StringComparison.Ordinal));
        Assert.DoesNotContain("unexplained_departure", watchLine, StringComparison.Ordinal);
        Assert.DoesNotContain("unexplained_usual", watchLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_leave_out_what_has_no_finite_field_but_keep_every_other_point()
    {
        CycleReport report = Report();

        Assert.Equal(ReportPoints.From(report).Count, ReportPoints.Lines(report).Count);
        Assert.All(ReportPoints.Lines(report), l => Assert.DoesNotContain("NaN", l, StringComparison.Ordinal));
    }

    /// <summary>Two models, two leads, three hot regions at one lead (ranks), a watch region and a disagreement area.</summary>
    private static CycleReport Report()
    {
        var grid = new GridSpec(87.1875, -87.1875, 32, 0, 5.625, 64);
        var extremes = new List<ExtremeRegion>();
        foreach (int lead in new[] { 0, 24 })
        {
            for (int i = 0; i < 3; i++)
            {
                extremes.Add(Extreme($"hot-{i + 1}", "hot", lead, 1000 * (i + 1)));
            }

            extremes.Add(Extreme("cold-1", "cold", lead, 5000));
        }

        var explanations = new List<ExplainedRegion>();
        foreach (string model in new[] { "t2m-unet", "si10-resnet" })
        {
            foreach (int lead in new[] { 0, 24 })
            {
                explanations.Add(Explained(model, lead, RegionSource.Watch, "alps", "alps"));
                explanations.Add(Explained(model, lead, RegionSource.Extreme, "hot-1", "hot-3"));
                explanations.Add(Explained(model, lead, RegionSource.Extreme, "hot-2", "hot-2"));
                explanations.Add(Explained(model, lead, RegionSource.Disagreement, "disagreement-1", "disagreement-1"));
            }
        }

        var models = new[] { "t2m-unet", "si10-resnet" }.Select(m => new ModelReport(m, m[..m.IndexOf('-')], "K", true, 2.5,
            [new LeadSkill(0, s_init, 280, 281, 1.2, -0.5, 3, 1e5), new LeadSkill(24, s_init.AddHours(24), 279, null, null, null, 0, 0)])).ToList();
        var regimes = new[] { 0, 24 }.Select(lead => new RegimeLead(lead, s_init.AddHours(lead), "R1", "NAO+", "R1",
            new Dictionary<string, double> { ["R1"] = 1.2, ["R2"] = -0.3 }, [1.0, 2.0, 3.0], 1.5, -2.5,
            [new AnalogueDay(new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), 0.7, "R1")])).ToList();
        return new CycleReport("2026120600", s_init, [0, 24], grid, models, extremes, explanations, regimes,
            [new StageTiming("read", 0.5), new StageTiming("relevance", 2.0)], ["a note"], "onednn",
            [new ReportedAlert("unusual/t2m-unet/hot/2026120600/hot-01", 1, "unusual", "warning", 24, s_init.AddHours(24), "Warm extreme at +24 h"),
             new ReportedAlert("unusual/t2m-unet/cold/2026120600/cold-01", 1, "unusual", "severe", 24, s_init.AddHours(24), "Cold extreme at +24 h"),
             new ReportedAlert("digest/2026120600/202612060312", 1, "digest", "warning", null, null, "3 more events")]);
    }

    private static ExtremeRegion Extreme(string id, string kind, int lead, double area) => new()
    {
        Id = id, Kind = kind, Variable = "t2m", Units = "K", LeadHours = lead, ValidTime = s_init.AddHours(lead), AreaKm2 = area,
        CentroidLatitude = 45, CentroidLongitude = 10, North = 50, South = 40, West = 0, East = 20, PeakValue = 310, PeakAnomaly = 12,
        PeakLatitude = 45, PeakLongitude = 10, ShiftOfTails = 1.5, PercentileExceeded = "p99", Cells = [1, 2, 3],
    };

    private static ExplainedRegion Explained(string model, int lead, RegionSource source, string slot, string id) => new(
        model, "t2m", lead, s_init.AddHours(lead), source, slot, id, "t2m over somewhere", "the climatological mean for 01 Mar 00 UTC", 12, 1e5, 45, 10, 285, 283,
        [new InputRelevance("tcc", 0.6, 1.0, 1.5, 1.2, -0.2), new InputRelevance("u10", 0.4, -0.5, 1.0, 0.3, -0.8)],
        100, -50, 300, null, 0.6, 0.5, source == RegionSource.Watch ? new PatternMatch(1, "sunny", 0.5, 0.4) : null)
    {
        // Extremes know the forecast and the climatology; the watch regions here do not.
        ForecastMean = source == RegionSource.Extreme ? 290 : double.NaN,
        ClimatologicalMean = source == RegionSource.Extreme ? 284 : double.NaN,
        ValidationRmse = 2,
        UsualUnexplained = source == RegionSource.Extreme ? new RegionDepartureStatistics(0.5, 1.25, 40) : null,
    };
}
