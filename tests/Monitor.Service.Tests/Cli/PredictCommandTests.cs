using Monitor.Core.Cycles;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;

namespace Monitor.Service.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Predict_TrainedModelOnACycleFolder_PrintsEveryLead()
    {
        string archive = _dir.File("archive"), model = _dir.File("model");
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 1, 4, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 6, 12],
            OutputDirectory = archive,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
        Trainer.Train(new TrainingOptions
        {
            Archive = archive,
            Target = "t2m",
            Inputs = ["tisr", "orography"],
            Architecture = Architecture.Linear,
            TrainPeriod = TimePeriod.Parse("2026-01-01..2026-01-03"),
            ValidPeriod = TimePeriod.Parse("2026-01-04..2026-01-04"),
            MaxEpochs = 1,
            OutputDirectory = model,
        });

        CliRun run = await CliRun.InvokeAsync(Time, "predict", "--model", model, "--cycle", Path.Combine(archive, "2026010412"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("t2m for cycle 2026010412, 3 leads", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, run.Output.Split('\n').Count(l => l.TrimStart().StartsWith('+')));
    }

    [Fact]
    public async Task Predict_NotACycleFolder_Exits2()
    {
        CliRun run = await CliRun.InvokeAsync(Time, "predict", "--model", _dir.File("model"), "--cycle", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("yyyyMMddHH", run.Error, StringComparison.Ordinal);
    }
}
