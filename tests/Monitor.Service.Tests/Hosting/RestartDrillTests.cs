using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Service.Adapters.Files;
using Monitor.Service.Adapters.State;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// The service as its own process (<c>v2vmonitor serve</c>), stopped in the middle of a cycle: killed with SIGKILL it
/// resumes on restart, processing the cycle once more and recording both attempts; stopped with SIGTERM it finishes
/// the cycle first.
/// </summary>
public sealed class RestartDrillTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killed_during_a_cycle_the_restarted_service_completes_it_once_and_the_ledger_shows_both_attempts()
    {
        string data = fixture.NewDataDirectory();
        CycleId cycle = CycleId.Parse(MonitorFixture.NewCycles[0]);
        using (Process first = Serve(data))
        {
            try
            {
                fixture.Drop(Path.Combine(data, "inbox"), cycle.ToString());
                await WaitForStatusAsync(data, cycle, CycleStatus.Running, first);
            }
            finally
            {
                first.Kill();   // SIGKILL
                await first.WaitForExitAsync();
            }
        }

        using (var ledger = new SqliteCycleLedger(Path.Combine(data, "state"), NullLogger<SqliteCycleLedger>.Instance))
        {
            Assert.Equal(CycleStatus.Running, (await ledger.FindAsync(cycle))!.Status);
        }

        using Process second = Serve(data);
        try
        {
            await WaitForStatusAsync(data, cycle, CycleStatus.Done, second);
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }

        using var after = new SqliteCycleLedger(Path.Combine(data, "state"), NullLogger<SqliteCycleLedger>.Instance);
        CycleRecord record = (await after.FindAsync(cycle))!;
        Assert.Equal(2, record.Attempts);
        IReadOnlyList<CycleAttempt> attempts = await after.AttemptsAsync(cycle);
        Assert.Equal(["abandoned", "done"], attempts.Select(a => a.Outcome));
        string reports = Path.Combine(data, "reports", cycle.ToString());
        CycleReport report = CycleReportFile.Read(Path.Combine(reports, CycleReportFile.FileName));
        Assert.Equal(ReportPoints.Lines(report), File.ReadAllLines(Path.Combine(reports, FileSink.FileName)));
    }

    [Fact]
    public async Task Stopped_with_sigterm_during_a_cycle_the_service_finishes_it_and_exits_cleanly()
    {
        string data = fixture.NewDataDirectory();
        CycleId cycle = CycleId.Parse(MonitorFixture.NewCycles[1]);
        using Process service = Serve(data);
        try
        {
            fixture.Drop(Path.Combine(data, "inbox"), cycle.ToString());
            await WaitForStatusAsync(data, cycle, CycleStatus.Running, service);
            using (Process term = Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(s_patience);
            await service.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill();
                await service.WaitForExitAsync();
            }
        }

        Assert.Equal(0, service.ExitCode);
        using var ledger = new SqliteCycleLedger(Path.Combine(data, "state"), NullLogger<SqliteCycleLedger>.Instance);
        CycleRecord record = (await ledger.FindAsync(cycle))!;
        Assert.Equal(CycleStatus.Done, record.Status);
        Assert.Equal(1, record.Attempts);
    }

    private Process Serve(string data)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "v2vmonitor.dll"));
        start.ArgumentList.Add("serve");
        // Every region explained on its own (K = 1) keeps a cycle running for seconds: time to stop the service inside it.
        foreach (string arg in fixture.ServeArgs(data, "--Monitor:ExplanationBatch=1", "--Monitor:MaxRegionsPerLead=1000"))
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Polls the ledger (as a second process would) until the cycle has <paramref name="status"/>; fails at once when
    /// the cycle got past it (done while waiting for running), so a drill never passes without interrupting a cycle.
    /// </summary>
    private static async Task WaitForStatusAsync(string data, CycleId cycle, CycleStatus status, Process service)
    {
        string state = Path.Combine(data, "state");
        DateTime deadline = DateTime.UtcNow + s_patience;
        while (!File.Exists(Path.Combine(state, SqliteCycleLedger.FileName)))
        {
            Assert.False(service.HasExited, $"the service exited with {(service.HasExited ? service.ExitCode : 0)} before creating its ledger");
            Assert.True(DateTime.UtcNow < deadline, "the service created no ledger in time");
            await Task.Delay(20);
        }

        using var ledger = new SqliteCycleLedger(state, NullLogger<SqliteCycleLedger>.Instance);
        while (true)
        {
            Assert.False(service.HasExited, $"the service exited with {(service.HasExited ? service.ExitCode : 0)} before the cycle was {status}");
            CycleStatus? now = (await ledger.FindAsync(cycle))?.Status;
            if (now == status)
            {
                return;
            }

            Assert.False(status == CycleStatus.Running && now is CycleStatus.Done or CycleStatus.Failed, $"cycle {cycle} was already {now} when the drill wanted it running");
            Assert.True(DateTime.UtcNow < deadline, $"cycle {cycle} did not reach {status} in time");
            await Task.Delay(10);
        }
    }
}
