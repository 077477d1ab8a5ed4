using System.Diagnostics;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Tests.Relevance.Physical;

/// <summary>
/// A U-Net (width 16, depth 3, the default layout 2) trained once per test class to predict t2m on a small synthetic archive, and 64
/// held-out analyses to explain. The archive: 3-hourly analyses (lead 0, so 8 positions of the sun a day) of
/// 2025-01-01 … 2025-03-06 on <see cref="Grid"/>, seed 7; training 2025-01-01 … 02-14 (360 analyses, 15 epochs),
/// validation 02-15 … 02-18, test 02-19 … 03-06 every 6 h. Measured on the 2-core machine: about 3 s to generate and
/// 35 s to train. Smaller did not learn the advection: with 30 days and 10 epochs only 42 % of the strong-wind
/// footprints pointed upwind (37 % centred), against 70 % here.
/// </summary>
public sealed class TrainedSyntheticModelFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public TrainedSyntheticModelFixture()
    {
        TorchRuntime.Initialize();
        var clock = Stopwatch.StartNew();
        string archive = _directory.File("archive");
        var options = new GeneratorOptions
        {
            Grid = Grid,
            From = Start,
            To = TestPeriod.End,
            CycleInterval = TimeSpan.FromHours(3),
            LeadHours = [0],
            Seed = 7,
            OutputDirectory = archive,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(Grid));
        GenerationTime = clock.Elapsed;

        Training = Trainer.Train(new TrainingOptions
        {
            Archive = archive,
            Target = "t2m",
            Inputs = ["u10", "v10", "msl", "tcc", "tp", "tisr", "z500", "orography", "lsm"],
            Architecture = Architecture.UNet,
            Width = 16,
            Depth = 3,
            TrainPeriod = new TimePeriod(Start, Start.AddDays(45).AddHours(-3)),
            ValidPeriod = new TimePeriod(Start.AddDays(45), Start.AddDays(49).AddHours(-3)),
            BatchSize = 16,
            MaxEpochs = 15,
            LearningRate = 2e-3,
            EarlyStoppingPatience = 15,
            Seed = 3,
            OutputDirectory = _directory.File("model"),
        });
        TrainingTime = clock.Elapsed - GenerationTime;
        Model = TransferModel.Load(Training.ModelDirectory);

        using ICycleArchive cycles = CycleArchives.Open(archive);
        TestCycles = cycles.CyclesIn(TestPeriod)
            .Where(c => c.InitTime.Hour % 6 == 0)
            .Select(c => cycles.Read(c, AtmosphereModel.Variables))
            .ToList();
        SetupTime = clock.Elapsed;
    }

    /// <summary>
    /// 32 × 64 cells of 1.5° over the Euro-Atlantic sector (72.75°N … 26.25°N, 47.25°W … 47.25°E), where the
    /// generator plants its winter storms: as many cells as W1 (5.625°), so training costs the same, but a cell is
    /// 167 km north–south and about 105 km west–east at 50°N. The generator advects t2m over 6 h (x − v₁₀ · 6 h), i.e.
    /// 220–400 km under the strongest decile of winds: 1.5–4 cells here, less than one W1 cell (625 km).
    /// </summary>
    public static GridSpec Grid { get; } = new(72.75, 1.5, 32, -47.25, 1.5, 64);

    /// <summary>The held-out analyses explained by the tests, after the training and validation periods.</summary>
    public static TimePeriod TestPeriod => new(Start.AddDays(49), Start.AddDays(65).AddHours(-3));

    /// <summary>The trained model.</summary>
    public TransferModel Model { get; }

    /// <summary>The training run (history, best epoch and validation loss).</summary>
    public TrainingResult Training { get; }

    /// <summary>The analyses of <see cref="TestPeriod"/> every 6 h (64), all generator variables, with static fields.</summary>
    public IReadOnlyList<CycleData> TestCycles { get; }

    /// <summary>Time to write the archive.</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>Time to train.</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Time for the whole fixture: generate, train, load, read the test cycles.</summary>
    public TimeSpan SetupTime { get; }

    private static DateTime Start => new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public void Dispose()
    {
        Model.Dispose();
        _directory.Dispose();
    }
}
