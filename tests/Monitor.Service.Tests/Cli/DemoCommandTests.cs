using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Service.Adapters.Files;
using Monitor.Service.Adapters.State;

namespace Monitor.Service.Tests.Cli;

/// <summary>
/// The demo is the main job: it prepares a history, a model, a climatology and regimes, then the service processes
/// every cycle dropped into its inbox. A second run reuses what exists and processes nothing twice.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_runs_the_service_on_every_new_cycle_and_a_second_run_reuses_everything()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 11, 25, 14, 37, 0, TimeSpan.Zero));

        CliRun first = await CliRun.InvokeAsync(time, "demo", "--data", _dir.Path);

        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        // The newest 8 cycles before 14:37 UTC: 2026-11-23 18Z … 2026-11-25 12Z.
        string[] cycles = [.. Enumerable.Range(0, 8).Select(i => new DateTime(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc).AddHours(6 * i).ToString("yyyyMMddHH"))];
        Assert.Contains("8 of 8 cycles processed", first.Output, StringComparison.Ordinal);
        foreach (string cycle in cycles)
        {
            Assert.Contains($"    {cycle} processed in ", first.Output, StringComparison.Ordinal);
            string reports = Path.Combine(_dir.Path, "reports", cycle);
            CycleReport report = CycleReportFile.Read(Path.Combine(reports, CycleReportFile.FileName));
            Assert.Equal(13, report.LeadHours.Count);
            Assert.Equal(13, report.Regimes.Count);
            Assert.Equal(13, report.Explanations.Count(e => e.Slot == "central-europe"));
            Assert.Equal(ReportPoints.Lines(report), File.ReadAllLines(Path.Combine(reports, FileSink.FileName)));
            // Extremes are linked to the previous cycle's at equal valid times; the first cycle has none to link to.
            Assert.Equal(cycle != cycles[0], report.Extremes.Any(e => e.PreviousCycleId is not null));
        }

        CliRun second = await CliRun.InvokeAsync(time, "demo", "--data", _dir.Path);

        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Equal(2, second.Output.Split("present, reused").Length - 1);
        using var ledger = new SqliteCycleLedger(Path.Combine(_dir.Path, "state"), NullLogger<SqliteCycleLedger>.Instance);
        IReadOnlyList<CycleRecord> records = await ledger.ListAsync();
        Assert.Equal(cycles.Reverse(), records.Select(r => r.Cycle.ToString()));
        Assert.All(records, r => Assert.Equal((CycleStatus.Done, 1), (r.Status, r.Attempts)));
    }
}
