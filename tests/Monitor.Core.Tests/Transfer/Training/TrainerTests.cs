using Monitor.Core.Cycles;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Tests.Transfer.Training;

[Collection(SeededWeightsGroup.Name)]
public sealed class TrainerTests(SmallArchiveFixture archive) : IClassFixture<SmallArchiveFixture>, IDisposable
{
    private readonly TemporaryDirectory _out = new();

    public void Dispose() => _out.Dispose();

    [Theory]
    [InlineData(Architecture.Linear)]
    [InlineData(Architecture.ResNet)]
    [InlineData(Architecture.UNet)]
    public void Train_FewEpochs_LearnsAndWritesALoadableModel(Architecture architecture)
    {
        TrainingResult result = Trainer.Train(Options(architecture, "m", epochs: 4));

        // The linear model adds epoch 0, its closed-form least-squares start.
        Assert.Equal(architecture == Architecture.Linear ? 5 : 4, result.History.Count);
        Assert.True(result.History[^1].TrainingLoss < result.History[0].TrainingLoss,
            $"training loss should fall: {string.Join(", ", result.History.Select(h => h.TrainingLoss))}");
        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        Assert.Equal(result.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Spec.Provenance["bestEpoch"]);
        Assert.Equal(architecture, model.Spec.Architecture);
        Assert.True(model.Spec.Standardisation["tp"].IsLatitudeWise);
        Assert.False(model.Spec.Standardisation["t2m"].IsLatitudeWise);
    }

    [Fact]
    public void Train_WritesThePhaseSymmetricLayoutByDefault()
    {
        TrainingResult result = Trainer.Train(Options(Architecture.UNet, "default-layout", epochs: 1));

        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        Assert.Equal(Monitor.Core.Transfer.Modules.UNet.PhaseSymmetricVersion, model.Spec.ArchitectureVersion);
    }

    [Theory]
    [InlineData(Monitor.Core.Transfer.Modules.UNet.OriginalVersion)]
    [InlineData(Monitor.Core.Transfer.Modules.UNet.PhaseSymmetricVersion)]
    public void Train_WritesTheUNetLayoutAskedFor(int layout)
    {
        TrainingResult result = Trainer.Train(Options(Architecture.UNet, $"layout{layout}", epochs: 1) with { UNetLayout = layout });

        using TransferModel model = TransferModel.Load(result.ModelDirectory);
        Assert.Equal(layout, model.Spec.ArchitectureVersion);
    }

    [Fact]
    public void UnknownUNetLayout_IsRefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => (Options(Architecture.UNet, "bad", epochs: 1) with { UNetLayout = 3 }).Validate());
        Assert.Contains("--unet-layout 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_SameSeed_IsDeterministic()
    {
        TrainingResult first = Trainer.Train(Options(Architecture.ResNet, "a", epochs: 2));
        TrainingResult second = Trainer.Train(Options(Architecture.ResNet, "b", epochs: 2));

        Assert.Equal(first.History.Select(h => h.ValidationLoss), second.History.Select(h => h.ValidationLoss));
        Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(first.ModelDirectory, TransferModel.WeightsFileName)),
            File.ReadAllBytes(System.IO.Path.Combine(second.ModelDirectory, TransferModel.WeightsFileName)));
    }

    [Fact]
    public void Resume_ContinuesWhereTheCheckpointStopped_AsIfUninterrupted()
    {
        TrainingResult straight = Trainer.Train(Options(Architecture.Linear, "straight", epochs: 3));
        Trainer.Train(Options(Architecture.Linear, "resumed", epochs: 2));
        TrainingResult resumed = Trainer.Train(Options(Architecture.Linear, "resumed", epochs: 3) with { Resume = true });

        // Epoch 0 is the closed-form least-squares start of the linear model, then three trained epochs.
        Assert.Equal([0, 1, 2, 3], resumed.History.Select(h => h.Epoch));
        Assert.Equal(straight.History.Select(h => h.ValidationLoss), resumed.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void Linear_StartsFromTheLeastSquaresFit_AndEndsNoWorseOnValidation()
    {
        TrainingOptions options = Options(Architecture.Linear, "ls", epochs: 3);
        TrainingResult result = Trainer.Train(options);

        using ICycleArchive cycles = CycleArchives.Open(options.Archive);
        using TransferModel written = TransferModel.Load(result.ModelDirectory);
        using TransferModel leastSquares = Monitor.Core.Transfer.Evaluation.LinearBaselineFitter.Fit(written.Spec, cycles,
            cycles.CyclesIn(options.TrainPeriod), options.Leads);
        var samples = new SampleSource(cycles, leastSquares, options.Leads);
        double fitLoss = Trainer.Evaluate(leastSquares, samples, samples.Usable(cycles.CyclesIn(options.ValidPeriod), new SkippedSamples()), options);

        Assert.Equal(0, result.History[0].Epoch);
        Assert.Equal(fitLoss, result.History[0].ValidationLoss, 1e-6);
        Assert.True(result.BestValidationLoss <= fitLoss, $"best {result.BestValidationLoss} against the least-squares fit's {fitLoss}");
        var writtenSamples = new SampleSource(cycles, written, options.Leads);
        Assert.Equal(result.BestValidationLoss, Trainer.Evaluate(written, writtenSamples, writtenSamples.Usable(cycles.CyclesIn(options.ValidPeriod), new SkippedSamples()), options), 1e-6);
    }

    [Fact]
    public void Divergence_StopsTrainingNamingEpochBatchAndCause_AndWritesNoModelFromIt()
    {
        // A learning rate of 1e30 throws the weights far enough for the next forward pass to overflow.
        TrainingOptions options = Options(Architecture.ResNet, "diverged", epochs: 2) with { LearningRate = 1e30 };

        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(options));

        Assert.Contains("Training stopped at epoch 1, batch", error.Message, StringComparison.Ordinal);
        Assert.Contains("the optimisation diverged", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(System.IO.Path.Combine(options.OutputDirectory, TransferModel.WeightsFileName)), "nothing trained into divergence is written");
    }

    [Fact]
    public void Validate_OverlappingPeriods_RefusedAsLeakage()
    {
        TrainingOptions options = Options(Architecture.Linear, "x", 1) with { ValidPeriod = TimePeriod.Parse("2025-01-08..2025-01-12") };

        ArgumentException error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EmptyValidationPeriod_NamesThePeriod()
    {
        TrainingOptions options = Options(Architecture.Linear, "x", 1) with { ValidPeriod = TimePeriod.Parse("2026-01-01..2026-01-31") };

        ArgumentException error = Assert.Throws<ArgumentException>(() => Trainer.Train(options));

        Assert.Contains("2026-01-01", error.Message, StringComparison.Ordinal);
    }

    private TrainingOptions Options(Architecture architecture, string name, int epochs) => new()
    {
        Archive = archive.Path,
        Target = "t2m",
        Inputs = ["tcc", "u10", "v10", "tp", "tisr", "orography"],
        Architecture = architecture,
        Width = 8,
        Depth = 2,
        Blocks = 1,
        TrainPeriod = TimePeriod.Parse("2025-01-01..2025-01-09"),
        ValidPeriod = TimePeriod.Parse("2025-01-10..2025-01-12"),
        Leads = [0, 12],
        BatchSize = 8,
        MaxEpochs = epochs,
        EarlyStoppingPatience = 10,
        Seed = 5,
        OutputDirectory = System.IO.Path.Combine(_out.Path, name),
    };
}
