using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;
using Monitor.Service.Hosting;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor demo</c>: the main job end to end on the embedded default, no server needed. Generates a synthetic
/// history (W1 grid) and trains a t2m U-Net on it (or reuses both), builds the percentile climatology and the regimes,
/// starts the service (<c>serve</c>, in this process) on an inbox, drops the newest cycles in one by one as a forecast
/// system would, waits until the service has processed them all, and prints what it found and where everything is.
/// </summary>
internal static class DemoCommand
{
    private const int HistoryDays = 400;
    private const int TrainingDays = 60;
    private const int NewCycles = 8;
    private const long Seed = 2026;
    private const string ModelName = "t2m-unet";
    private static readonly string[] s_inputs = ["tcc", "u10", "v10", "tp", "tisr", "orography"];

    public static Command Create(TextWriter output, TextWriter error, TimeProvider time)
    {
        var data = new Option<string>("--data") { Description = "Data directory (archive, models, climatology, regimes, inbox, reports, state).", DefaultValueFactory = _ => "data" };
        var influx = new Option<string[]>("--influx")
        {
            Description = "Also write to this InfluxDB: Influx:Key=value settings, e.g. Url=http://127.0.0.1:8086 Database=v2vmonitor (scripts/demo.sh --influx starts one).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("demo", "Run the service end to end on generated forecast cycles (no server needed).") { data, influx };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(data)!, parse.GetValue(influx) ?? [], output, error, time, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string dataDirectory, IReadOnlyList<string> influx, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        DateTime now = time.GetUtcNow().UtcDateTime;
        var latest = new CycleId(new DateTime(now.Year, now.Month, now.Day, now.Hour / 6 * 6, 0, 0, DateTimeKind.Utc));
        DateTime firstNew = latest.InitTime.AddHours(-6 * (NewCycles - 1));
        string data = Path.GetFullPath(dataDirectory);
        string archive = Path.Combine(data, "archive"), arriving = Path.Combine(data, "arriving"), inbox = Path.Combine(data, "inbox");
        string model = Path.Combine(data, "models", ModelName), climatology = Path.Combine(data, "climatology"), regimes = Path.Combine(data, "regimes");
        Geography geography = GeographyBuilder.Build(SyntheticGrids.Global5625);

        output.WriteLine($"1/6 history: {HistoryDays} days of 6-hourly cycles before {firstNew:yyyy-MM-dd HH}Z on the W1 grid (seed {Seed}) in {archive}");
        var history = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = firstNew.AddDays(-HistoryDays),
            To = firstNew.AddHours(-6),
            LeadHours = [0],
            Seed = Seed,
            OutputDirectory = archive,
        };
        if (!File.Exists(Path.Combine(archive, new CycleId(history.To).ToString(), "_COMPLETE")))
        {
            GenerationSummary generated = ArchiveGenerator.Generate(history, geography, cancellationToken: cancellationToken);
            output.WriteLine(string.Create(c, $"    {generated.Cycles} analyses in {generated.Elapsed.TotalSeconds:F1} s"));
        }
        else
        {
            output.WriteLine("    present, reused");
        }

        output.WriteLine($"2/6 transfer model: {ModelName}, t2m ← {string.Join(", ", s_inputs)} (Farokhmanesh et al. 2023), trained on the last {TrainingDays} days, in {model}");
        if (!File.Exists(Path.Combine(model, ModelSpec.FileName)))
        {
            TrainingResult trained = Trainer.Train(new TrainingOptions
            {
                Archive = archive,
                Target = "t2m",
                Inputs = s_inputs,
                Architecture = Architecture.UNet,
                Width = 8,
                Depth = 2,
                TrainPeriod = new TimePeriod(history.To.AddDays(-TrainingDays), history.To.AddDays(-10)),
                ValidPeriod = new TimePeriod(history.To.AddDays(-10).AddHours(6), history.To),
                // Until the validation loss stops improving (the default 60 epochs with early stopping; about 35 here):
                // six epochs left the model at 2.4 times its converged validation loss, and its explanations with it.
                OutputDirectory = model,
            }, new InlineProgress<TrainingProgress>(p =>
            {
                if (p.ValidationLoss is double loss)
                {
                    output.WriteLine(string.Create(c, $"    epoch {p.Epoch}: validation loss {loss:F4}"));
                }
            }), cancellationToken);
            output.WriteLine(string.Create(c, $"    best epoch {trained.BestEpoch}, validation loss {trained.BestValidationLoss:F4}"));
        }
        else
        {
            output.WriteLine("    present, reused");
        }

        output.WriteLine($"3/6 percentile climatology of t2m, 10 m wind speed and the model's inputs (the explanations' reference state), and 3 weather regimes of z500, from the history");
        if (await CliApplication.Build(TextWriter.Null, error, time).Parse(
                ["climatology", "build", "--archive", archive, "--out", climatology, "--variables", $"t2m,si10,{string.Join(",", s_inputs.Where(i => !VariableCatalog.Default.IsStatic(i)))}"]).InvokeAsync(cancellationToken: cancellationToken) != 0
            || await CliApplication.Build(TextWriter.Null, error, time).Parse(
                ["regimes", "fit", "--archive", archive, "--variable", "z", "--level", "500", "--k", "3", "--eofs", "6", "--out", regimes]).InvokeAsync(cancellationToken: cancellationToken) != 0)
        {
            return 1;
        }

        output.WriteLine($"4/6 the newest {NewCycles} cycles ({firstNew:yyyy-MM-dd HH}Z … {latest.InitTime:yyyy-MM-dd HH}Z, leads 0–72 h) as a forecast system delivers them");
        if (Directory.Exists(arriving))
        {
            Directory.Delete(arriving, recursive: true);
        }

        ArchiveGenerator.Generate(history with { From = firstNew, To = latest.InitTime, LeadHours = Enumerable.Range(0, 13).Select(i => i * 6).ToArray(), OutputDirectory = arriving }, geography, cancellationToken: cancellationToken);

        output.WriteLine($"5/6 the service: `v2vmonitor serve` on {inbox}, state in {Path.Combine(data, "state")}");
        string[] serve =
        [
            $"--Data:Root={data}", $"--Monitor:Models:0={model}", $"--Monitor:Climatology={climatology}", $"--Monitor:Regimes={regimes}",
            "--Monitor:WatchRegions:0:Name=central-europe", "--Monitor:WatchRegions:0:South=45", "--Monitor:WatchRegions:0:North=55",
            "--Monitor:WatchRegions:0:West=0", "--Monitor:WatchRegions:0:East=20",
            "--Monitor:MinimumShiftOfTails=1", "--Monitor:MinimumAreaKm2=500000",
            "--Inbox:ScanIntervalSeconds=1", "--Inbox:MaxAgeHours=0", "--Http:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. influx.Select(setting => $"--Influx:{setting}"),
        ];
        await using WebApplication app = MonitorHost.Build(serve);
        await app.StartAsync(cancellationToken);
        ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
        var cycles = new List<CycleId>();
        for (DateTime t = firstNew; t <= latest.InitTime; t = t.AddHours(6))
        {
            cycles.Add(new CycleId(t));
        }

        // Ctrl+C or SIGTERM reaches the host's console lifetime, which stops the host: the demo stops waiting then too.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            var reported = new HashSet<CycleId>();
            foreach (CycleId cycle in cycles)
            {
                string target = Path.Combine(inbox, cycle.ToString());
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.Move(Path.Combine(arriving, cycle.ToString()), target);
                output.WriteLine($"    {cycle} arrived");
                await ReportDoneAsync(ledger, cycles, reported, data, output, waitFor: cycle, stopping.Token);
            }

            foreach (ISpoolGauge spool in app.Services.GetServices<ISpoolGauge>())
            {
                output.WriteLine($"    waiting for {spool.Read().Sink} to receive every point");
                DateTime deadline = DateTime.UtcNow.AddMinutes(2);
                while (spool.Read() is { PendingBatches: > 0 } reading)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        error.WriteLine($"demo: {reading.PendingBatches} batch(es) still undelivered to {reading.Sink}: {reading.LastError}");
                        return 1;
                    }

                    await Task.Delay(250, stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            error.WriteLine($"demo: interrupted; what was processed is in {data} (`v2vmonitor cycles --data {dataDirectory}`)");
            return 130;
        }
        finally
        {
            // Stopped whatever happened: a disposed host whose scheduler still runs would fire jobs for ever.
            await app.StopAsync(CancellationToken.None);
        }

        Directory.Delete(arriving, recursive: true);
        int failed = 0;
        output.WriteLine("6/6 summary");
        foreach (CycleId cycle in cycles)
        {
            CycleRecord? record = await ledger.FindAsync(cycle, cancellationToken);
            failed += record?.Status == CycleStatus.Done ? 0 : 1;
        }

        output.WriteLine($"    {cycles.Count - failed} of {cycles.Count} cycles processed; `v2vmonitor cycles --data {dataDirectory}` lists them");
        output.WriteLine($"    per cycle: {Path.Combine(data, "reports", "<cycle>")}/report.html (open it in a browser; docs/report.md), report.json, extremes.json, points.lp (InfluxDB line protocol; docs/influxdb.md loads it)");
        output.WriteLine(string.Create(c, $"demo finished in {clock.Elapsed.TotalSeconds:F0} s"));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Waits until <paramref name="waitFor"/> is finished in the ledger, printing each cycle the first time it is done or failed.</summary>
    private static async Task ReportDoneAsync(ICycleLedger ledger, IReadOnlyList<CycleId> cycles, HashSet<CycleId> reported, string data, TextWriter output,
        CycleId waitFor, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            foreach (CycleId cycle in cycles.Where(c => !reported.Contains(c)))
            {
                CycleRecord? record = await ledger.FindAsync(cycle, cancellationToken);
                if (record is { Status: CycleStatus.Done })
                {
                    reported.Add(cycle);
                    Describe(CycleReportFile.Read(Path.Combine(data, "reports", cycle.ToString(), CycleReportFile.FileName)), record, output);
                }
                else if (record is { Status: CycleStatus.Failed })
                {
                    reported.Add(cycle);
                    output.WriteLine($"    {cycle} FAILED: {record.Error}");
                }
            }

            if (reported.Contains(waitFor))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"cycle {waitFor} was not processed within 5 minutes; see `v2vmonitor cycles --data {data}`.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void Describe(CycleReport report, CycleRecord record, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        double seconds = record.Stages.Sum(s => s.Seconds);
        string extremes = report.Extremes.Count == 0 ? "no extremes"
            : string.Join(", ", report.Extremes.GroupBy(r => r.Kind).Select(g => $"{g.Select(r => r.Id).Distinct().Count()} {g.Key}"));
        string regime = report.Regimes.Count == 0 ? "" : $"; regime {report.Regimes[0].Label} → {report.Regimes[^1].Label} at +{report.Regimes[^1].LeadHours} h";
        output.WriteLine(string.Create(c, $"    {report.Cycle} processed in {seconds:F1} s: {extremes}, {report.Explanations.Count} regions explained{regime}"));
        ExplainedRegion? largest = report.Explanations.Where(e => e.Source == RegionSource.Extreme && e.LeadHours == 24).MaxBy(e => e.AreaKm2)
            ?? report.Explanations.FirstOrDefault(e => e.Source == RegionSource.Watch && e.LeadHours == 24);
        if (largest is not null)
        {
            string drivers = string.Join(", ", largest.Inputs.OrderByDescending(i => i.Share).Take(3).Select(i => string.Create(c, $"{i.Input} {i.Share:P0}")));
            output.WriteLine(string.Create(c,
                $"      {largest.Slot} at +{largest.LeadHours} h ({largest.AreaKm2:N0} km² around {Position(largest.CentroidLatitude, largest.CentroidLongitude)}): driven by {drivers}"));
        }
    }

    private static string Position(double latitude, double longitude)
    {
        double lon = ((longitude + 540) % 360) - 180;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(latitude):F0}°{(latitude >= 0 ? "N" : "S")} {Math.Abs(lon):F0}°{(lon >= 0 ? "E" : "W")}");
    }
}
