using System.Globalization;
using Monitor.Core.Alerts.Rules;

namespace Monitor.Core.Monitoring.Reports;

/// <summary>
/// What the running service looks like at one moment, as the <see cref="PointSchema.Service"/> point the Service health
/// dashboard plots: the health check's view (<see cref="ServiceHealth"/>) plus the ledger's totals, the spool's depth,
/// the kernel path and the process's memory.
/// </summary>
/// <param name="Health">The health check's snapshot (its <see cref="ServiceHealth.Now"/> is the point's time).</param>
/// <param name="CyclesDone">Cycles the ledger records as done.</param>
/// <param name="CyclesFailed">Cycles the ledger records as failed (not retried further).</param>
/// <param name="SpoolPendingBatches">Batches waiting in the InfluxDB spool (this point's own batch not counted).</param>
/// <param name="Kernels">The convolution kernel path verified at start-up.</param>
/// <param name="WorkingSetMegabytes">The process's working set, MiB.</param>
/// <param name="ManagedHeapMegabytes">The managed heap after the last collection, MiB (tensors' native memory is outside it).</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
public sealed record ServiceReading(
    ServiceHealth Health,
    int CyclesDone,
    int CyclesFailed,
    int SpoolPendingBatches,
    string Kernels,
    double WorkingSetMegabytes,
    double ManagedHeapMegabytes,
    double UptimeSeconds)
{
    /// <summary>The reading as one <see cref="PointSchema.Service"/> point, stamped with the time it was taken.</summary>
    public LinePoint ToPoint()
    {
        DateTime now = Health.Now.UtcDateTime;
        var fields = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["newest_cycle"] = Health.NewestCycle?.ToString("yyyyMMddHH", CultureInfo.InvariantCulture) ?? "",
            ["newest_cycle_age_h"] = Health.NewestCycle is DateTime newest ? (now - newest).TotalHours : double.NaN,
            ["failures_in_a_row"] = (long)Health.FailuresInARow,
            ["last_failure"] = Health.LastFailure ?? "",
            ["cycles_done"] = (long)CyclesDone,
            ["cycles_failed"] = (long)CyclesFailed,
            ["spool_pending_batches"] = (long)SpoolPendingBatches,
            ["spool_oldest_s"] = Health.SpoolOldestSeconds,
            ["outbox_depth"] = (long)Health.OutboxDepth,
            ["outbox_oldest_s"] = Health.OutboxOldestSeconds,
            ["kernel_fallback"] = Health.KernelFallback is not null,
            ["kernels"] = Kernels,
            ["working_set_mb"] = WorkingSetMegabytes,
            ["managed_heap_mb"] = ManagedHeapMegabytes,
            ["uptime_s"] = UptimeSeconds,
        };
        return new LinePoint(PointSchema.Service, new Dictionary<string, string>(), fields,
            new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc));
    }
}
