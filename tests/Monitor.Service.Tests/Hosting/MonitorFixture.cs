using Monitor.Core.Cycles;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;
using Monitor.Service.Tests.Cli;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// What a running service needs, built once with the project's own verbs: a generated W1 archive (40 days of 6-hourly
/// cycles, leads 0 and 24 h, seed 7), a small U-Net for t2m trained for one epoch, the percentile climatology of t2m,
/// si10 and the model's inputs (the explanations' reference state), and three regimes of z500. Cycles after the training period are the "new" cycles tests drop into inboxes.
/// </summary>
public sealed class MonitorFixture : IDisposable
{
    private static readonly DateTime s_first = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TestDirectory _dir = new();

    public MonitorFixture()
    {
        Archive = _dir.File("archive");
        Model = _dir.File("model");
        Climatology = _dir.File("climatology");
        Regimes = _dir.File("regimes");
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = s_first,
            To = s_first.AddDays(40).AddHours(-6),
            LeadHours = [0, 24],
            Seed = 7,
            OutputDirectory = Archive,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
        Trainer.Train(new TrainingOptions
        {
            Archive = Archive,
            Target = "t2m",
            Inputs = ["tcc", "u10", "v10", "tisr", "orography"],
            Architecture = Architecture.UNet,
            Width = 4,
            Depth = 2,
            TrainPeriod = TimePeriod.Parse("2026-01-01..2026-01-30"),
            ValidPeriod = TimePeriod.Parse("2026-01-31..2026-02-04"),
            MaxEpochs = 1,
            OutputDirectory = Model,
        });
        TimeProvider time = TimeProvider.System;
        CliRun climatology = CliRun.InvokeAsync(time, "climatology", "build", "--archive", Archive, "--out", Climatology, "--variables", "t2m,si10,tcc,u10,v10,tisr").GetAwaiter().GetResult();
        if (climatology.ExitCode != 0)
        {
            throw new InvalidOperationException($"climatology build failed: {climatology.Error}");
        }

        CliRun regimes = CliRun.InvokeAsync(time, "regimes", "fit", "--archive", Archive, "--variable", "z", "--level", "500", "--domain", "30,90,-80,40",
            "--eofs", "4", "--k", "3", "--harmonics", "0", "--lowpass-days", "10", "--seed", "2", "--restarts", "3", "--out", Regimes).GetAwaiter().GetResult();
        if (regimes.ExitCode != 0)
        {
            throw new InvalidOperationException($"regimes fit failed: {regimes.Error}");
        }
    }

    public string Archive { get; }

    public string Model { get; }

    public string Climatology { get; }

    public string Regimes { get; }

    /// <summary>Cycles after the training and validation periods, oldest first.</summary>
    public static IReadOnlyList<string> NewCycles { get; } = ["2026020500", "2026020506", "2026020512", "2026020518"];

    /// <summary>A fresh data directory with an empty inbox.</summary>
    public string NewDataDirectory() => Directory.CreateDirectory(_dir.File("data-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Copies <paramref name="cycle"/>'s folder (files, then the completion marker) into <paramref name="inbox"/>.</summary>
    public void Drop(string inbox, string cycle)
    {
        string source = Path.Combine(Archive, cycle);
        string target = Directory.CreateDirectory(Path.Combine(inbox, cycle)).FullName;
        foreach (string file in Directory.GetFiles(source).Where(f => Path.GetFileName(f) != "_COMPLETE"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(target, "_COMPLETE"), "");
    }

    /// <summary>The service's arguments for <paramref name="data"/>: this fixture's model, climatology and regimes, a 1 s scan, a free HTTP port.</summary>
    public string[] ServeArgs(string data, params string[] extra) =>
    [
        $"--Data:Root={data}",
        $"--Monitor:Models:0={Model}",
        $"--Monitor:Climatology={Climatology}",
        $"--Monitor:Regimes={Regimes}",
        "--Monitor:WatchRegions:0:Name=europe",
        "--Monitor:WatchRegions:0:South=35",
        "--Monitor:WatchRegions:0:North=60",
        "--Monitor:WatchRegions:0:West=-10",
        "--Monitor:WatchRegions:0:East=30",
        "--Monitor:MinimumAreaKm2=0",
        "--Inbox:ScanIntervalSeconds=1",
        "--Inbox:MaxAgeHours=0",
        "--Http:Url=http://127.0.0.1:0",
        .. extra,
    ];

    public void Dispose() => _dir.Dispose();
}
