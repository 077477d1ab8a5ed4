using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Alerts;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Runtime;
using Monitor.Service.Hosting;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// The health check as the service wires it, on the real SQLite ledger and outbox: a service whose newest cycle is old
/// and whose last three cycles failed raises one severe "no cycle" and one "failures" alert into the outbox (and a
/// "kernels" one where the convolution kernels fell back at start-up on this CPU); the same hour checked again raises
/// nothing more.
/// </summary>
public sealed class HealthAlertsTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task An_old_newest_cycle_and_failures_in_a_row_raise_one_alert_each_per_event()
    {
        string data = fixture.NewDataDirectory();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, "--Monitor:Alerts:HealthRecipients:0=ops@example.org"));
        ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var done = new CycleId(new DateTime(2026, 2, 5, 0, 0, 0, DateTimeKind.Utc));
        int attempt = await ledger.BeginAttemptAsync(done, now);
        await ledger.CompleteAsync(done, attempt, now, [], []);
        for (int h = 6; h <= 18; h += 6)
        {
            CycleId failed = new(done.InitTime.AddHours(h));
            int a = await ledger.BeginAttemptAsync(failed, now);
            await ledger.FailAsync(failed, a, now, "fc.nc is truncated", null);
        }

        HealthAlerts health = app.Services.GetRequiredService<HealthAlerts>();
        IReadOnlyList<ReportedAlert> raised = await health.CheckAsync();
        IReadOnlyList<ReportedAlert> again = await health.CheckAsync();

        // Where oneDNN failed its start-up check on this CPU (platform.md), the kernel fallback is a third event.
        string? fallback = TorchRuntime.Kernels.FallbackReason;
        Assert.Equal(fallback is null ? 2 : 3, raised.Count);
        Assert.Equal(fallback is not null, raised.Any(a => a.Key.Contains("health/kernels", StringComparison.Ordinal)));
        ReportedAlert noCycle = Assert.Single(raised, a => a.Key.Contains("health/no-cycle", StringComparison.Ordinal));
        Assert.Equal("severe", noCycle.Severity);
        Assert.StartsWith("No new forecast cycle for", noCycle.Summary, StringComparison.Ordinal);
        ReportedAlert failures = Assert.Single(raised, a => a.Key.Contains("health/failures", StringComparison.Ordinal));
        Assert.Contains("3 cycles in a row failed", failures.Summary, StringComparison.Ordinal);
        Assert.Contains("fc.nc is truncated", failures.Summary, StringComparison.Ordinal);
        Assert.Equal(raised, again);
        IAlertOutbox outbox = app.Services.GetRequiredService<IAlertOutbox>();
        Assert.Equal(raised.Count, (await outbox.ListAsync()).Count);
        Assert.All(await outbox.ListAsync(), e => Assert.Equal(OutboxState.Pending, e.State));
    }
}
