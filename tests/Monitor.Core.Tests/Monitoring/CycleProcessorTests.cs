using Monitor.Core.Cycles;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Numerics;
using Monitor.Core.Products;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;

namespace Monitor.Core.Tests.Monitoring;

/// <summary>
/// The stages of one cycle on a small U-Net (8×12 grid, msl + statics → t2m): a cycle without the target is predicted
/// and explained all the same; with the target, cells beyond k × the validation RMSE form disagreement areas whose
/// deviation is explained; explaining K regions at once gives what explaining them one by one gives.
/// </summary>
public sealed class CycleProcessorTests : IDisposable
{
    private static readonly CycleId s_cycle = CycleId.Parse("2026120600");
    private static readonly int[] s_leads = [0, 6, 12];
    private readonly TemporaryDirectory _dir = new();
    private readonly MonitorResources _resources;

    public CycleProcessorTests()
    {
        string model = Path.Combine(_dir.Path, "model");
        // A training record as train writes it: MSE loss 0.01 on standardised t2m (σ = 10 K) → validation RMSE 1 K.
        ModelSpec spec = SmallModels.Spec(Architecture.UNet) with
        {
            Provenance = new Dictionary<string, string> { ["bestValidationLoss"] = "0.01", ["loss"] = "Mse" },
        };
        using (TransferModel created = TransferModel.Create(spec, 3))
        {
            created.Save(model);
        }

        _resources = MonitorResources.Load([model], null, null, CompositeCatalog.Default, disagreementFactor: 3);
    }

    public void Dispose()
    {
        _resources.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_cycle_without_the_target_is_predicted_and_its_watch_region_explained_at_every_lead()
    {
        string file = WriteCycle(withTarget: false);
        var processor = new CycleProcessor(_resources, Options(batch: 16));

        CycleReport report = processor.Process(s_cycle, [file], previous: null);

        ModelReport model = Assert.Single(report.Models);
        Assert.False(model.HasForecastTarget);
        Assert.All(model.Leads, l => Assert.Null(l.Rmse));
        Assert.Equal(3.0, model.DisagreementThreshold!.Value, 1e-9);   // 3 × 1 K
        Assert.Equal(s_leads, report.Explanations.Select(e => e.LeadHours));
        Assert.All(report.Explanations, e =>
        {
            Assert.Equal(RegionSource.Watch, e.Source);
            Assert.Equal(1.0, e.Inputs.Sum(i => i.Share), 1e-6);
            Assert.True(double.IsFinite(e.PredictedMean));
            Assert.Equal("the training mean of every input", e.RelativeTo);
            Assert.True(double.IsFinite(e.ReferencePredictedMean));
        });
        Assert.Equal(["read", "predict", "consistency", "extremes", "relevance", "regimes"], report.Stages.Select(s => s.Stage));
        Assert.Contains(report.Notes, n => n.Contains("no climatology", StringComparison.Ordinal));
    }

    [Fact]
    public void Disagreement_beyond_k_times_the_validation_rmse_is_counted_and_its_deviation_explained()
    {
        string file = WriteCycle(withTarget: true);
        var processor = new CycleProcessor(_resources, Options(batch: 16));

        CycleReport report = processor.Process(s_cycle, [file], previous: null);

        // Independently: the model's prediction against the forecast's t2m, cell by cell, with the 3 K threshold.
        CycleData data = new CycleAssembler().Assemble(s_cycle, [file]).Data;
        float[] predicted = _resources.Models[0].Model.Predict(data);
        int cells = data.Grid.CellCount, t2m = data.IndexOf(new VariableId("t2m"));
        ModelReport model = Assert.Single(report.Models);
        for (int l = 0; l < s_leads.Length; l++)
        {
            int expected = 0;
            for (int i = 0; i < cells; i++)
            {
                expected += Math.Abs(predicted[(l * cells) + i] - data.Field(l, t2m)[i]) > 3.0 ? 1 : 0;
            }

            Assert.Equal(expected, model.Leads[l].DisagreementCells);
            Assert.NotNull(model.Leads[l].Rmse);
        }

        Assert.True(model.Leads.Sum(l => l.DisagreementCells) > 0, "the random model should disagree somewhere with a 3 K threshold");
        // What the unexplained-extreme rule compares: the forecast's own mean over the region (cell mean, as the prediction's)
        // and the validation RMSE there; no climatological mean, the explanations being measured from the training mean.
        bool[] north = new WatchRegion("north", 30, 70, 0, 90).Mask(data.Grid);
        foreach (ExplainedRegion watch in report.Explanations.Where(e => e.Source == RegionSource.Watch))
        {
            int l = Array.IndexOf(s_leads, watch.LeadHours);
            double forecastMean = Enumerable.Range(0, cells).Where(i => north[i]).Average(i => (double)data.Field(l, t2m)[i]);
            Assert.Equal(forecastMean, watch.ForecastMean, 1e-9);
            Assert.Equal(1.0, watch.ValidationRmse, 1e-6);
            Assert.True(double.IsNaN(watch.ClimatologicalMean));
            Assert.True(double.IsNaN(watch.UnexplainedDeparture));
        }

        ExplainedRegion[] disagreements = [.. report.Explanations.Where(e => e.Source == RegionSource.Disagreement)];
        Assert.NotEmpty(disagreements);
        Assert.All(disagreements, e => Assert.Contains("deviation", e.Explained, StringComparison.Ordinal));
        Assert.All(report.Explanations.GroupBy(e => (e.LeadHours, e.Source)), g => Assert.True(g.Count() <= 20));
    }

    [Fact]
    public void Explaining_sixteen_regions_at_once_gives_what_explaining_them_one_by_one_gives()
    {
        string file = WriteCycle(withTarget: true);

        CycleReport batched = new CycleProcessor(_resources, Options(batch: 16)).Process(s_cycle, [file], previous: null);
        CycleReport single = new CycleProcessor(_resources, Options(batch: 1)).Process(s_cycle, [file], previous: null);

        Assert.Equal(single.Explanations.Count, batched.Explanations.Count);
        Assert.True(batched.Explanations.Count > 3);
        foreach ((ExplainedRegion a, ExplainedRegion b) in single.Explanations.Zip(batched.Explanations))
        {
            Assert.Equal((a.LeadHours, a.Slot), (b.LeadHours, b.Slot));
            Assert.Equal(a.OutputRelevance, b.OutputRelevance, 1e-4);
            Assert.All(a.Inputs.Zip(b.Inputs), p => Assert.Equal(p.First.Share, p.Second.Share, 1e-4));
        }
    }

    [Fact]
    public void With_relevance_patterns_beside_the_model_every_explanation_gets_its_nearest_pattern()
    {
        string model = Path.Combine(_dir.Path, "patterned");
        ModelSpec spec = SmallModels.Spec(Architecture.UNet);
        using (TransferModel created = TransferModel.Create(spec, 3))
        {
            created.Save(model);
        }

        // Two patterns fitted on cases with known shares: one led by msl, one by orography.
        var random = SplitMix64.For(5);
        GridSpec grid = SmallModels.Grid;
        var cases = new List<RelevanceCase>();
        for (int k = 0; k < 12; k++)
        {
            double[] shares = k % 2 == 0 ? [0.7, 0.2, 0.1] : [0.1, 0.7, 0.2];
            float[][] maps = [.. shares.Select(share => Enumerable.Range(0, grid.CellCount).Select(_ => (float)(share * random.NextDouble())).ToArray())];
            cases.Add(RelevanceCase.Create($"case {k}", grid, spec.Inputs, maps, shares,
                new Footprint(300, 10 * k, -5 * k, null), 45, 30, halfWidth: 2));
        }

        RelevancePatternModel patterns = RelevancePatternModel.Fit(cases, new RelevancePatternOptions(Clusters: 2));
        RelevancePatternFile.Save(patterns, model);
        using MonitorResources resources = MonitorResources.Load([model], null, null, CompositeCatalog.Default, disagreementFactor: 3);

        CycleReport report = new CycleProcessor(resources, Options(batch: 16)).Process(s_cycle, [WriteCycle(withTarget: false)], previous: null);

        Assert.NotEmpty(report.Explanations);
        Assert.All(report.Explanations, e =>
        {
            Assert.NotNull(e.Pattern);
            Assert.InRange(e.Pattern!.Pattern, 0, 1);
            Assert.True(double.IsFinite(e.Pattern.Distance) && e.Pattern.Distance >= 0);
            Assert.Equal(patterns.Patterns[e.Pattern.Pattern].Name, e.Pattern.Name);
        });
    }

    /// <summary>
    /// With a relevance climatology (bins of 4 cells, the watch region, leads pooled, minimum history 2): a cycle is
    /// scored against the climatology as it stood before it, then added once — the watch region at +6 h and +12 h, every
    /// location at +0 h —; re-running it adds nothing; from the third cycle on the watch region has a score; what the
    /// processor learnt is saved and loads back. Built with another reference state, the climatology is refused at start.
    /// </summary>
    [Fact]
    public void A_relevance_climatology_scores_each_cycle_against_the_past_and_learns_each_cycle_once()
    {
        string model = Path.Combine(_dir.Path, "model");
        string directory = Path.Combine(_dir.Path, "relevance");
        ModelSpec spec = _resources.Models[0].Model.Spec;
        var watch = new WatchRegion("north", 30, 70, 0, 90);
        var info = new RelevanceClimatologyInfo(spec.Name, spec.Target, spec.Inputs, new RelevanceLocations(spec.Grid, 4, [watch]), [-1], [0, 6, 12],
            "training-mean", _resources.Models[0].Explainer.MethodDescription);
        string path = Path.Combine(directory, RelevanceClimatologyFile.FileName(spec.Name));
        RelevanceClimatologyFile.Save(new RelevanceClimatology(info, new RelevanceClimatologyOptions()), path);
        using MonitorResources resources = MonitorResources.Load([model], null, null, CompositeCatalog.Default, disagreementFactor: 3, directory,
            new RelevanceClimatologyOptions { MinimumHistory = 2 });
        RelevanceClimatology climatology = resources.Models[0].RelevanceClimatology!;
        var processor = new CycleProcessor(resources, Options(batch: 16));
        int watchLocation = info.Locations.WatchLocation("north");
        int WatchCount(int hour) => climatology.Moments(climatology.Slot(watchLocation, 0, s_cycle.InitTime.AddHours(hour)))?.Count ?? 0;

        CycleReport first = processor.Process(s_cycle, [WriteCycle(withTarget: false)], previous: null);
        Assert.All(first.Explanations, e => Assert.Null(e.Anomaly));
        Assert.True(climatology.Includes(s_cycle));
        Assert.Equal([1, 1, 1], new[] { WatchCount(0), WatchCount(6), WatchCount(12) });
        int locationsWithHistory = Enumerable.Range(0, info.Locations.Count).Count(l => climatology.Moments(climatology.Slot(l, 0, s_cycle.InitTime)) is not null);
        Assert.Equal(info.Locations.Count, locationsWithHistory);

        processor.Process(s_cycle, [WriteCycle(withTarget: false)], previous: null);
        Assert.Equal([1, 1, 1], new[] { WatchCount(0), WatchCount(6), WatchCount(12) });

        CycleId second = CycleId.Parse("2026120700"), third = CycleId.Parse("2026120800");
        processor.Process(second, [WriteCycle(withTarget: false, second)], previous: null);
        CycleReport scored = processor.Process(third, [WriteCycle(withTarget: false, third)], previous: null);
        Assert.Equal([3, 3, 3], new[] { WatchCount(0), WatchCount(6), WatchCount(12) });
        ExplainedRegion north = scored.Explanations.First(e => e.Source == RegionSource.Watch && e.LeadHours == 0);
        Assert.NotNull(north.Anomaly);
        Assert.Equal("north", north.Anomaly!.Location);
        Assert.Equal(2, north.Anomaly.History);
        Assert.True(double.IsFinite(north.Anomaly.Score) && north.Anomaly.Score >= 0);
        Assert.Contains(ReportPoints.Lines(scored), line => line.StartsWith("relevance_region,", StringComparison.Ordinal) && line.Contains("anomaly_score=", StringComparison.Ordinal));

        processor.SaveLearning();
        RelevanceClimatology saved = RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions());
        Assert.Equal([s_cycle, second, third], saved.Cycles);
        Assert.Equal(3, saved.Moments(saved.Slot(watchLocation, 0, s_cycle.InitTime.AddHours(6)))!.Count);

        var otherReference = new CycleProcessorOptions { ExplanationReference = ReferenceKind.None, WatchRegions = [watch], Analogues = 0 };
        var refused = Assert.Throws<InvalidDataException>(() => new CycleProcessor(resources, otherReference));
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>These resources have no climatology, so explanations are measured from the training mean.</summary>
    private static CycleProcessorOptions Options(int batch) => new()
    {
        WatchRegions = [new WatchRegion("north", 30, 70, 0, 90)],
        ExplanationBatch = batch,
        ExplanationReference = ReferenceKind.TrainingMean,
        Analogues = 0,
    };

    /// <summary>msl, u10, v10 (and t2m) with smooth random anomalies, orography and land-sea mask as statics.</summary>
    private string WriteCycle(bool withTarget, CycleId? cycle = null)
    {
        CycleId id = cycle ?? s_cycle;
        GridSpec grid = SmallModels.Grid;
        VariableId[] variables = withTarget ? [new("msl"), new("u10"), new("v10"), new("t2m")] : [new("msl"), new("u10"), new("v10")];
        double[] mean = [101000, 0, 0, 280], spread = [1000, 5, 5, 10];
        int cells = grid.CellCount;
        var random = id == s_cycle ? SplitMix64.For(11) : SplitMix64.For(11, id.InitTime.Ticks);
        var values = new float[s_leads.Length * variables.Length * cells];
        for (int l = 0; l < s_leads.Length; l++)
        {
            for (int v = 0; v < variables.Length; v++)
            {
                for (int i = 0; i < cells; i++)
                {
                    values[(((l * variables.Length) + v) * cells) + i] = (float)(mean[v] + (spread[v] * random.NextGaussian()));
                }
            }
        }

        var statics = new StaticFields(grid, [.. Enumerable.Range(0, cells).Select(i => (float)(700 * random.NextDouble()))],
            [.. Enumerable.Range(0, cells).Select(i => i % 3 == 0 ? 1f : 0f)]);
        string path = Path.Combine(_dir.Path, withTarget ? "with" : "without", id.ToString(), "fc.nc");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NetCdfCycleWriter.Write(new CycleData(id, grid, s_leads, variables, values, statics), path);
        return path;
    }
}
