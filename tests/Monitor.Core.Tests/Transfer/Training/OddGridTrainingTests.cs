using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Transfer.Training;

/// <summary>
/// Issue 16's grid, 33 × 36 cells of 1.25° × 2.5°, whose sides no U-Net depth divides: a depth-3 U-Net trains on a
/// synthetic archive of it, predicts every cell of a cycle, and explains a cell in the corner where the padding adds
/// the most.
/// </summary>
[Collection(SeededWeightsGroup.Name)]
public sealed class OddGridTrainingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly GridSpec Grid = new(70, 1.25, 33, -20, 2.5, 36);
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void UNetOfDepth3_On33By36_TrainsPredictsAndExplains()
    {
        string archive = _dir.File("archive");
        var generation = new GeneratorOptions
        {
            Grid = Grid,
            From = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2025, 1, 8, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 6],
            Seed = 13,
            OutputDirectory = archive,
        };
        ArchiveGenerator.Generate(generation, GeographyBuilder.Build(Grid));
        var validation = TimePeriod.Parse("2025-01-07..2025-01-08");

        TrainingResult result = Trainer.Train(new TrainingOptions
        {
            Archive = archive,
            Target = "t2m",
            Inputs = ["tcc", "u10", "v10", "tisr", "orography"],
            Architecture = Architecture.UNet,
            Width = 4,
            Depth = 3,
            TrainPeriod = TimePeriod.Parse("2025-01-01..2025-01-06"),
            ValidPeriod = validation,
            Leads = [0, 6],
            BatchSize = 8,
            MaxEpochs = 4,
            EarlyStoppingPatience = 10,
            Seed = 5,
            OutputDirectory = _dir.File("model"),
        });
        output.WriteLine($"training losses {string.Join(", ", result.History.Select(h => h.TrainingLoss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(result.History[^1].TrainingLoss < result.History[0].TrainingLoss, "the training loss should fall");

        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        using ICycleArchive cycles = CycleArchives.Open(archive);
        CycleData cycle = cycles.Read(cycles.CyclesIn(validation)[0], AtmosphereModel.Variables);
        float[] predicted = model.Predict(cycle);

        Assert.Equal(33, model.Spec.Grid.LatitudeCount);
        Assert.Equal(36, model.Spec.Grid.LongitudeCount);
        Assert.Equal(2 * Grid.CellCount, predicted.Length);
        Assert.All(predicted, v => Assert.True(float.IsFinite(v) && v is > 200 and < 330, $"t2m {v} K"));

        // The explainer checks itself on this model first (adjoints, graph forward = network, LRP-0 = gradient × input).
        using RelevanceExplainer explainer = RelevanceExplainer.For(model, CompositeCatalog.Default);
        Explanation explanation = explainer.Explain(model, cycle, 0, [RelevanceSelector.Cell(RegionMask.Cell(Grid, 32, 35), "t2m at the south-east corner")]);
        float[] graphPrediction = [.. explanation.Output];
        model.Spec.Standardisation["t2m"].Invert(graphPrediction, Grid.LongitudeCount);
        double largest = Enumerable.Range(0, Grid.CellCount).Max(i => Math.Abs(graphPrediction[i] - predicted[i]));
        double inputRelevance = explanation.InputRelevance(0);
        output.WriteLine($"max |graph − prediction| {largest:E2} K; ΣR_out {explanation.OutputRelevance[0]:F4}, ΣR_in {inputRelevance:F4}");

        Assert.True(largest < 1e-3, $"the graph's prediction differs by {largest} K");
        Assert.All(explanation.Relevance, r => Assert.True(float.IsFinite(r)));
        Assert.True(Math.Abs(inputRelevance) > 0, "relevance reaches the inputs");
        Assert.True(Enumerable.Range(0, 5).Any(c => explanation.Map(0, c)[(32 * 36) + 35] != 0), "the corner cell's own inputs are relevant");
    }
}
