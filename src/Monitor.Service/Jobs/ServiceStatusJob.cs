using System.Diagnostics;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Runtime;
using Monitor.Service.Hosting;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Writes the service's own state (<see cref="ServiceReading"/>, measurement <c>service</c>) to InfluxDB every
/// <c>Influx:ServiceStatusSeconds</c>, for the Service health dashboard: through the spool like every point, so a reading
/// taken during an outage arrives afterwards (the buffering sink is the InfluxDB spool; the file sink keeps cycles only).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ServiceStatusJob(HealthAlerts health, ICycleLedger ledger, IEnumerable<ISpoolGauge> spools, IBufferedPointSink sink) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("service-status", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<CycleRecord> cycles = await ledger.ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        ServiceHealth snapshot = await health.SnapshotAsync(cycles, cancellationToken).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var reading = new ServiceReading(snapshot,
            cycles.Count(r => r.Status == CycleStatus.Done), cycles.Count(r => r.Status == CycleStatus.Failed),
            spools.Sum(s => s.Read().PendingBatches), TorchRuntime.Kernels.Name,
            process.WorkingSet64 / (1024.0 * 1024.0), GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024.0),
            (snapshot.Now - process.StartTime.ToUniversalTime()).TotalSeconds);
        string? line = LineProtocol.Format(reading.ToPoint());
        if (line is not null)
        {
            await sink.WriteAsync($"service-{snapshot.Now.UtcDateTime:yyyyMMddHHmmss}", [line], cancellationToken).ConfigureAwait(false);
        }
    }
}
