using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Tests.Alerts.Rules;

public sealed class CycleAlertRuleTests
{
    private static readonly DateTime Init = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] To = ["forecaster@example.org"];

    /// <summary>
    /// Scores below the warning threshold raise nothing; above it a warning, above the severe one a severe candidate
    /// whose sentence names the extreme's kind, the place, the lead and the departing input against its band.
    /// </summary>
    [Fact]
    public void Anomalous_relevance_grades_by_score_and_says_why_in_one_sentence()
    {
        var rule = new AnomalousRelevanceRule("anomalous-relevance", 5, 8, 240, To);
        CycleReport report = Report(
            [Region("hot-01", RegionSource.Extreme, 48, Anomaly(3)), Region("hot-02", RegionSource.Extreme, 48, Anomaly(6)),
             Region("cold-01", RegionSource.Extreme, 24, Anomaly(9)), Region("europe", RegionSource.Watch, 24, Anomaly(7))],
            [Extreme("hot-01", "hot", 48, null), Extreme("hot-02", "hot", 48, "hot-05"), Extreme("cold-01", "cold", 24, null)]);

        IReadOnlyList<AlertCandidate> found = rule.Evaluate(report);

        Assert.Equal(["hot-02", "cold-01", "europe"], found.Select(c => c.TrackId));
        Assert.Equal([AlertSeverity.Warning, AlertSeverity.Severe, AlertSeverity.Warning], found.Select(c => c.Severity));
        Assert.Equal(["t2m-unet/hot/bin-01-02", "t2m-unet/cold/bin-01-02", "t2m-unet/watch/europe"], found.Select(c => c.Subject));
        Assert.Equal("hot-05", found[0].PreviousTrackId);
        Assert.Equal("Warm extreme around 45°N 10°E at +48 h: v10 has 62 % of the relevance, normally 18 ± 7 % here at 00 UTC in December–February (anomaly score 6.0)",
            found[0].Summary);
        Assert.StartsWith("Unusual reasoning over europe at +24 h", found[2].Summary, StringComparison.Ordinal);
        Assert.Contains("v10", found[0].Details, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', found[0].Summary);
    }

    /// <summary>
    /// The unexplained departure is (forecast − climatology) − (prediction − reference prediction), counted in the
    /// extreme's own direction against what is usual for the model over the region's cells ((departure − usual mean) /
    /// usual spread): a hot region whose warmth the model reproduces raises nothing, one whose warmth it does not a
    /// warning or a severe candidate; a cold region counts cold; a region without a forecast target or without the usual
    /// departure's history is not judged.
    /// </summary>
    [Fact]
    public void Unexplained_extreme_counts_the_departure_the_model_does_not_reproduce_against_its_usual_spread_there()
    {
        var rule = new UnexplainedExtremeRule("unexplained", 2, 3, 240, To);
        // predicted 285 vs reference 281 (+4 K); forecast vs climatology per case; usually +1 ± 2 K here.
        var usual = new RegionDepartureStatistics(1, 2, 40);
        ExplainedRegion explained = Region("hot-01", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 290, ClimatologicalMean = 283, UsualUnexplained = usual };
        ExplainedRegion warning = Region("hot-02", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 294, ClimatologicalMean = 284, UsualUnexplained = usual };
        ExplainedRegion severe = Region("hot-03", RegionSource.Extreme, 48, Anomaly(1)) with { ForecastMean = 295, ClimatologicalMean = 282, UsualUnexplained = usual };
        ExplainedRegion cold = Region("cold-01", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 272, ClimatologicalMean = 280, UsualUnexplained = usual };
        ExplainedRegion warmCold = Region("cold-02", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 290, ClimatologicalMean = 280, UsualUnexplained = usual };
        ExplainedRegion noTarget = Region("hot-04", RegionSource.Extreme, 24, Anomaly(1)) with { ClimatologicalMean = 280, UsualUnexplained = usual };
        ExplainedRegion noHistory = Region("hot-05", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 300, ClimatologicalMean = 280, ValidationRmse = 2 };
        ExplainedRegion watch = Region("europe", RegionSource.Watch, 24, Anomaly(1)) with { ForecastMean = 300, ClimatologicalMean = 280, UsualUnexplained = usual };
        CycleReport report = Report([explained, warning, severe, cold, warmCold, noTarget, noHistory, watch],
            [Extreme("hot-01", "hot", 24, null), Extreme("hot-02", "hot", 24, "hot-07"), Extreme("hot-03", "hot", 48, null), Extreme("cold-01", "cold", 24, null),
             Extreme("cold-02", "cold", 24, null), Extreme("hot-04", "hot", 24, null), Extreme("hot-05", "hot", 24, null)]);

        IReadOnlyList<AlertCandidate> found = rule.Evaluate(report);

        Assert.Equal(3.0, explained.UnexplainedDeparture, 12);
        Assert.Equal(1.0, UnexplainedExtremeRule.Factor(explained, "hot")!.Value, 12);
        Assert.Equal(["hot-02", "hot-03", "cold-01"], found.Select(c => c.TrackId));
        Assert.Equal([AlertSeverity.Warning, AlertSeverity.Severe, AlertSeverity.Severe], found.Select(c => c.Severity));
        Assert.Equal([2.5, 4.0, 6.5], found.Select(c => c.Strength));   // (6 − 1)/2, (9 − 1)/2, −(−12 − 1)/2
        Assert.Equal(["t2m-unet/hot/40N-0E", "t2m-unet/hot/40N-0E", "t2m-unet/cold/40N-0E"], found.Select(c => c.Subject));
        Assert.Equal("hot-07", found[0].PreviousTrackId);
        Assert.Equal("Warm extreme around 45°N 10°E at +24 h not accounted for by its inputs (tisr, u10, v10): forecast +10.0 K from the climatology, the transfer model +4.0 K (+6.0 K unexplained; usually +1.0 ± 2.0 K here)",
            found[0].Summary);
        Assert.Contains("Unexplained: +6.0; usually +1.0 ± 2.0", found[0].Details, StringComparison.Ordinal);
        Assert.Null(UnexplainedExtremeRule.Factor(noTarget, "hot"));
        Assert.Null(UnexplainedExtremeRule.Factor(noHistory, "hot"));
        Assert.Equal("20S-340E", UnexplainedExtremeRule.Box(-0.5, -10));
    }

    /// <summary>
    /// Judging the core: a hot region's largest window mean and a cold region's smallest (negated) are compared with the
    /// thresholds, whatever the region's mean factor; a region without a core is not judged; the sentence gives the core.
    /// </summary>
    [Fact]
    public void Unexplained_extreme_judged_on_the_core_takes_the_most_unusual_window_in_the_extremes_direction()
    {
        var rule = new UnexplainedExtremeRule("unexplained", 3, 4, 240, To, Measure: UnexplainedMeasure.Core);
        var usual = new RegionDepartureStatistics(1, 2, 40);
        // Each region's mean factor is (6 − 1) / 2 = 2.5 for the hot ones: below 3, so only the core can raise them.
        ExplainedRegion diluted = Region("hot-01", RegionSource.Extreme, 24, Anomaly(1)) with
        {
            ForecastMean = 294, ClimatologicalMean = 284, UsualUnexplained = usual, UnexplainedCore = new UnexplainedCore(-0.5, 3.4),
        };
        ExplainedRegion ordinary = Region("hot-02", RegionSource.Extreme, 24, Anomaly(1)) with
        {
            ForecastMean = 294, ClimatologicalMean = 284, UsualUnexplained = usual, UnexplainedCore = new UnexplainedCore(-2.9, 2.9),
        };
        ExplainedRegion cold = Region("cold-01", RegionSource.Extreme, 24, Anomaly(1)) with
        {
            ForecastMean = 276, ClimatologicalMean = 280, UsualUnexplained = usual, UnexplainedCore = new UnexplainedCore(-4.2, 5.0),
        };
        ExplainedRegion noCore = Region("hot-03", RegionSource.Extreme, 24, Anomaly(1)) with { ForecastMean = 310, ClimatologicalMean = 280, UsualUnexplained = usual };
        CycleReport report = Report([diluted, ordinary, cold, noCore],
            [Extreme("hot-01", "hot", 24, null), Extreme("hot-02", "hot", 24, null), Extreme("cold-01", "cold", 24, null), Extreme("hot-03", "hot", 24, null)]);

        IReadOnlyList<AlertCandidate> found = rule.Evaluate(report);

        Assert.Equal(["hot-01", "cold-01"], found.Select(c => c.TrackId));
        Assert.Equal([3.4, 4.2], found.Select(c => c.Strength));
        Assert.Equal([AlertSeverity.Warning, AlertSeverity.Severe], found.Select(c => c.Severity));
        Assert.Equal(2.5, UnexplainedExtremeRule.Factor(diluted, "hot")!.Value, 12);
        Assert.Null(UnexplainedExtremeRule.CoreFactor(noCore, "hot"));
        // The region's mean at a threshold of 2 raises all four (2.5, 2.5, (8 + 1) / 2 and (26 − 1) / 2).
        Assert.Equal(["hot-01", "hot-02", "cold-01", "hot-03"], new UnexplainedExtremeRule("unexplained", 2, 3, 240, To).Evaluate(report).Select(c => c.TrackId));
        Assert.EndsWith("(+6.0 K unexplained; usually +1.0 ± 2.0 K here; 3.4 usual deviations at its core)", found[0].Summary, StringComparison.Ordinal);
        Assert.Contains("Judged on the core: 3.4 against 3.00 (warning) and 4.00 (severe).", found[0].Details, StringComparison.Ordinal);
        Assert.Contains("Unexplained core (3 × 3-cell windows, in usual standard deviations cell by cell): -0.5 to +3.4.", found[0].Details, StringComparison.Ordinal);
    }

    /// <summary>With an area, both region rules consider only regions centred inside it; the same report raises them all without one.</summary>
    [Fact]
    public void Region_rules_watch_only_their_area()
    {
        var usual = new RegionDepartureStatistics(0, 1, 40);
        ExplainedRegion inside = Region("hot-01", RegionSource.Extreme, 24, Anomaly(9)) with { ForecastMean = 300, ClimatologicalMean = 280, UsualUnexplained = usual };
        ExplainedRegion outside = Region("hot-02", RegionSource.Extreme, 24, Anomaly(9)) with
        {
            ForecastMean = 300, ClimatologicalMean = 280, UsualUnexplained = usual, CentroidLatitude = 10, CentroidLongitude = 100,
        };
        CycleReport report = Report([inside, outside], [Extreme("hot-01", "hot", 24, null), Extreme("hot-02", "hot", 24, null)]);
        AlertArea europe = AlertArea.Parse("30,70,-40,40", out _)!;

        Assert.Equal(["hot-01"], new UnexplainedExtremeRule("u", 2, 3, 240, To, europe).Evaluate(report).Select(c => c.TrackId));
        Assert.Equal(["hot-01"], new AnomalousRelevanceRule("a", 5, 8, 240, To, europe).Evaluate(report).Select(c => c.TrackId));
        Assert.Equal(2, new UnexplainedExtremeRule("u", 2, 3, 240, To).Evaluate(report).Count);
        Assert.Equal(2, new AnomalousRelevanceRule("a", 5, 8, 240, To).Evaluate(report).Count);
    }

    /// <summary>An area's longitudes in either convention, across the date line, and its parse errors.</summary>
    [Fact]
    public void An_area_contains_its_box_in_either_longitude_convention()
    {
        AlertArea europe = AlertArea.Parse("30, 70, -40, 40", out string? none)!;
        Assert.Null(none);
        Assert.True(europe.Contains(50, 350));
        Assert.True(europe.Contains(50, -40));
        Assert.True(europe.Contains(70, 40));
        Assert.False(europe.Contains(50, 41));
        Assert.False(europe.Contains(29.9, 0));
        AlertArea pacific = AlertArea.Parse("-10,10,170,-170", out _)!;
        Assert.True(pacific.Contains(0, 180));
        Assert.True(pacific.Contains(0, -175));
        Assert.False(pacific.Contains(0, 0));
        Assert.True(AlertArea.Parse("-90,90,0,360", out _)!.Contains(0, 123));
        Assert.Null(AlertArea.Parse("70,30,0,10", out string? order));
        Assert.Contains("south must be below north", order, StringComparison.Ordinal);
        Assert.Null(AlertArea.Parse("30,70,west,40", out string? text));
        Assert.Contains("south,north,west,east", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Regime_onset_needs_a_new_regime_that_holds()
    {
        var rule = new RegimeOnsetRule("regime-onset", 2, AlertSeverity.Info, To);
        Assert.Empty(rule.Evaluate(Report([], [], ["R1", "R2", "R1", "none"])));
        AlertCandidate onset = Assert.Single(rule.Evaluate(Report([], [], ["R1", "R1", "none", "R3", "R3", "R3"])));
        Assert.Equal(72, onset.LeadHours);
        Assert.Equal("R3@20261210", onset.TrackId);
        Assert.Contains("from +72 h", onset.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistency_reports_the_largest_disagreement_of_a_model()
    {
        var rule = new InconsistencyRule("inconsistency", 1e6, 5e6, To);
        CycleReport report = Report([], []) with
        {
            Models = [new ModelReport("t2m-unet", "t2m", "K", true, 2.4,
                [new LeadSkill(0, Init, 280, 280, 1, 0, 10, 0.5e6), new LeadSkill(24, Init.AddDays(1), 280, 281, 2, 1, 40, 2.5e6)])],
        };

        AlertCandidate found = Assert.Single(rule.Evaluate(report));
        Assert.Equal((AlertSeverity.Warning, 24), (found.Severity, found.LeadHours));
        Assert.Contains("2.50 million km²", found.Summary, StringComparison.Ordinal);
        Assert.Empty(new InconsistencyRule("inconsistency", 3e6, 5e6, To).Evaluate(report));
    }

    private static RelevanceAnomaly Anomaly(double score) =>
        new("bin-01-02", 0, 0, 40, score, 9, "share_v10", 0.62, 0.18, 0.07, [0.5, 0.32, 0.18], [0.1, 0.1, 0.07]);

    private static ExplainedRegion Region(string id, RegionSource source, int lead, RelevanceAnomaly anomaly) =>
        new("t2m-unet", "t2m", lead, Init.AddHours(lead), source, id, id, "over it", "the climatology", 4, 1e5, 45.2, 10.4, 285, 281,
            [new InputRelevance("tisr", 0.2, 0.1, 0.2, 0.15, -0.05), new InputRelevance("u10", 0.18, 0.1, 0.18, 0.15, -0.05),
             new InputRelevance("v10", 0.62, 0.6, 0.62, 0.6, -0.02)],
            -120, 250, 400, "upwind", 0.2, 0.2, null, anomaly);

    private static ExtremeRegion Extreme(string id, string kind, int lead, string? previous) => new()
    {
        Id = id, Kind = kind, Variable = "t2m", Units = "K", LeadHours = lead, ValidTime = Init.AddHours(lead), AreaKm2 = 1e5,
        CentroidLatitude = 45.2, CentroidLongitude = 10.4, North = 47, South = 43, West = 8, East = 13, PeakValue = 300, PeakAnomaly = 10,
        PeakLatitude = 45, PeakLongitude = 10, ShiftOfTails = 1, PercentileExceeded = "p99", Cells = [1, 2], PreviousCycleId = previous,
    };

    private static CycleReport Report(IReadOnlyList<ExplainedRegion> explained, IReadOnlyList<ExtremeRegion> extremes, IReadOnlyList<string>? regimes = null) =>
        new("2026120700", Init, [0, 24, 48], new GridSpec(90, 5.625, 32, 0, 5.625, 64), [], extremes, explained,
            [.. (regimes ?? []).Select((label, i) => new RegimeLead(24 * i, Init.AddHours(24 * i), label, label == "none" ? "no regime" : $"regime {label}", label,
                new Dictionary<string, double>(), [], null, null, []))],
            [], [], "native");
}
