using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Cycles;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Hosting;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor cycles</c> lists the ledger; <c>v2vmonitor backfill --from --to</c> processes the inbox's cycles of a
/// period now, in this process, with the service's configuration (done cycles are skipped unless <c>--force</c>).
/// Both read the configuration as <c>serve</c> does: <c>--config FILE</c>, <c>V2V__…</c> variables, <c>--data DIR</c>.
/// </summary>
internal static class CyclesCommand
{
    public static Command CreateList(TextWriter output, TextWriter error)
    {
        var config = ConfigOption();
        var data = DataOption();
        var attempts = new Option<bool>("--attempts") { Description = "Also list every attempt of each cycle." };
        var command = new Command("cycles", "List the cycles in the ledger: status, attempts, timings, error.") { config, data, attempts };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var app = MonitorHost.Build(HostArgs(parse.GetValue(config), parse.GetValue(data)));
                ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
                IReadOnlyList<CycleRecord> records = await ledger.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                output.WriteLine($"{"cycle",-10}  {"status",-8} {"attempts",8}  {"last started (UTC)",-19}  {"seconds",8}  outputs / error");
                foreach (CycleRecord r in records)
                {
                    double? seconds = r.Finished is DateTimeOffset f ? (f - r.LastStarted).TotalSeconds : null;
                    string detail = r.Error ?? string.Join("; ", r.Outputs);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Cycle,-10}  {r.Status.ToString().ToLowerInvariant(),-8} {r.Attempts,8}  {r.LastStarted.UtcDateTime,-19:yyyy-MM-dd HH:mm:ss}  {seconds,8:F1}  {detail}"));
                    if (parse.GetValue(attempts))
                    {
                        foreach (CycleAttempt a in await ledger.AttemptsAsync(r.Cycle, cancellationToken).ConfigureAwait(false))
                        {
                            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{"",10}  #{a.Number} {a.Outcome,-9} {a.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} → {a.Finished?.UtcDateTime:HH:mm:ss}  {a.Error}"));
                        }
                    }
                }

                output.WriteLine($"{records.Count} cycle(s)");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                error.WriteLine($"cycles: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    public static Command CreateBackfill(TextWriter output, TextWriter error)
    {
        var config = ConfigOption();
        var data = DataOption();
        var from = new Option<string>("--from") { Description = "First cycle (UTC, e.g. 2026-12-01 or 2026120100).", Required = true };
        var to = new Option<string>("--to") { Description = "Last cycle (UTC; a bare date includes the whole day).", Required = true };
        var force = new Option<bool>("--force") { Description = "Reprocess cycles the ledger has done." };
        var command = new Command("backfill", "Process the inbox's cycles of a period now, with the service's configuration.") { config, data, from, to, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTime first, last;
            try
            {
                first = CliParsing.ParseUtc(parse.GetValue(from)!, "--from");
                string toText = parse.GetValue(to)!;
                last = CliParsing.ParseUtc(toText, "--to");
                if (toText.Trim().Length == 10 && toText.Contains('-', StringComparison.Ordinal))
                {
                    last = last.AddDays(1).AddTicks(-1);
                }
            }
            catch (FormatException ex)
            {
                error.WriteLine($"backfill: {ex.Message}");
                return 2;
            }

            try
            {
                using var app = MonitorHost.Build(HostArgs(parse.GetValue(config), parse.GetValue(data)));
                InboxScanner scanner = app.Services.GetRequiredService<InboxScanner>();
                CycleHandler handler = app.Services.GetRequiredService<CycleHandler>();
                CycleCandidate[] cycles = [.. scanner.Scan().Where(c => c.Cycle.InitTime >= first && c.Cycle.InitTime <= last)];
                output.WriteLine($"backfill: {cycles.Length} cycle(s) in the inbox from {first:yyyy-MM-dd HH} to {last:yyyy-MM-dd HH} UTC");
                int failed = 0;
                foreach (CycleCandidate candidate in cycles)
                {
                    if (candidate.Readiness != CycleReadiness.Complete)
                    {
                        output.WriteLine($"  {candidate.Cycle}  not complete: {candidate.Reason}");
                        continue;
                    }

                    CycleOutcome outcome = await handler.HandleAsync(candidate.Cycle, candidate.Files, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
                    failed += outcome.Status == CycleOutcomeStatus.Failed ? 1 : 0;
                    output.WriteLine(outcome.Status switch
                    {
                        CycleOutcomeStatus.Processed => $"  {candidate.Cycle}  processed (attempt {outcome.Attempt}): {outcome.Report!.Extremes.Count} extreme region(s), {outcome.Report.Explanations.Count} explanation(s)",
                        CycleOutcomeStatus.Skipped => $"  {candidate.Cycle}  already done, skipped (--force reprocesses)",
                        _ => $"  {candidate.Cycle}  failed (attempt {outcome.Attempt}): {outcome.Error}",
                    });
                }

                return failed == 0 ? 0 : 1;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                error.WriteLine($"backfill: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Option<string?> ConfigOption() => new("--config") { Description = "Configuration file (default appsettings.json in the working directory)." };

    private static Option<string?> DataOption() => new("--data") { Description = "Data directory (sets Data:Root)." };

    private static string[] HostArgs(string? config, string? data) =>
        [.. config is null ? [] : new[] { "--config", config }, .. data is null ? [] : new[] { $"--Data:Root={data}" }];
}
