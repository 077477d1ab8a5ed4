using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Runtime;

namespace Monitor.Service.Hosting;

/// <summary>
/// The service-health check behind <c>Monitor:Alerts:HealthRecipients</c>: looks at the newest cycle, the ledger's
/// newest failures, the InfluxDB spool, the alert outbox and the kernel path, and raises what
/// <see cref="ServiceHealthRule"/> finds through its own <see cref="AlertStage"/> (its own book: health is evaluated at
/// most once an hour, and its events never mix with the cycles').
/// </summary>
/// <param name="rule">The health rule.</param>
/// <param name="stage">Its alert stage.</param>
/// <param name="status">The newest cycle processed.</param>
/// <param name="ledger">The cycle ledger.</param>
/// <param name="spools">The InfluxDB spool gauge, when InfluxDB is on.</param>
/// <param name="outbox">The alert outbox.</param>
/// <param name="time">The clock.</param>
public sealed class HealthAlerts(ServiceHealthRule rule, AlertStage stage, ServiceStatus status, ICycleLedger ledger, IEnumerable<ISpoolGauge> spools,
    IAlertOutbox outbox, TimeProvider time)
{
    /// <summary>Checks the service now; returns the alerts raised (none when this hour was checked already).</summary>
    public async Task<IReadOnlyList<ReportedAlert>> CheckAsync(CancellationToken cancellationToken = default)
    {
        ServiceHealth health = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        DateTime now = health.Now.UtcDateTime;
        var hour = new CycleId(new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc));
        return await stage.RaiseAsync(hour, () => rule.Evaluate(health), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the service looks like now.</summary>
    public async Task<ServiceHealth> SnapshotAsync(CancellationToken cancellationToken = default) =>
        await SnapshotAsync(await ledger.ListAsync(null, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>What the service looks like now, from the ledger's records as the caller already listed them.</summary>
    public async Task<ServiceHealth> SnapshotAsync(IReadOnlyList<CycleRecord> recent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recent);
        DateTimeOffset now = time.GetUtcNow();
        List<CycleRecord> newestFirst = [.. recent.Where(r => r.Status is CycleStatus.Done or CycleStatus.Failed).OrderByDescending(r => r.Cycle.InitTime)];
        int failures = newestFirst.TakeWhile(r => r.Status == CycleStatus.Failed).Count();
        CycleRecord? lastFailure = newestFirst.FirstOrDefault(r => r.Status == CycleStatus.Failed);
        DateTime? newest = status.NewestCycleInitTime ?? newestFirst.FirstOrDefault(r => r.Status == CycleStatus.Done)?.Cycle.InitTime;
        double spool = spools.Select(s => s.Read().OldestPendingSeconds).DefaultIfEmpty(0).Max();
        OutboxStatus box = await outbox.StatusAsync(cancellationToken).ConfigureAwait(false);
        return new ServiceHealth(now, newest, failures, lastFailure is null ? null : $"{lastFailure.Cycle}: {lastFailure.Error}", spool, box.Depth,
            box.OldestAge(now).TotalSeconds, TorchRuntime.Kernels.FallbackReason);
    }
}
