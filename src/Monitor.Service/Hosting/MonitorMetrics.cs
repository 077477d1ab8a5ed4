using System.Diagnostics.Metrics;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Hosting;

/// <summary>
/// The service's instruments (System.Diagnostics.Metrics, meter <c>V2VMonitor</c>), exported as Prometheus text on
/// /metrics: cycles processed and failed, stage durations, explanations and points per cycle, and the gauges that
/// other parts register (spool depth, age of the newest processed cycle).
/// </summary>
public sealed class MonitorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "V2VMonitor";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _explanations;
    private readonly Histogram<double> _stageSeconds;

    /// <summary>Creates the instruments on <paramref name="meterFactory"/>'s meter, with gauges of <paramref name="spools"/>.</summary>
    public MonitorMetrics(IMeterFactory meterFactory, IEnumerable<ISpoolGauge> spools)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(spools);
        ISpoolGauge[] gauges = [.. spools];
        Meter = meterFactory.Create(MeterName);
        _processed = Meter.CreateCounter<long>("v2v_cycles_processed", description: "Cycles processed successfully.");
        _failed = Meter.CreateCounter<long>("v2v_cycles_failed", description: "Failed attempts at processing a cycle.");
        _explanations = Meter.CreateCounter<long>("v2v_explanations", description: "Regions explained with LRP.");
        _stageSeconds = Meter.CreateHistogram<double>("v2v_stage_seconds", unit: "s", description: "Seconds per processing stage.");
        Meter.CreateObservableGauge("v2v_spool_pending_batches", () => Readings(gauges, r => r.PendingBatches),
            description: "Batches of points waiting in a sink's spool.");
        Meter.CreateObservableGauge("v2v_spool_pending_bytes", () => Readings(gauges, r => r.PendingBytes),
            unit: "By", description: "Bytes of points waiting in a sink's spool.");
        Meter.CreateObservableGauge("v2v_spool_quota_reached", () => Readings(gauges, r => r.QuotaReached ? 1L : 0L),
            description: "1 when a sink's spool is full and refuses points.");
    }

    /// <summary>The meter (gauges are added to it by the parts that own the values).</summary>
    public Meter Meter { get; }

    /// <summary>Records an outcome.</summary>
    public void Record(CycleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Status)
        {
            case CycleOutcomeStatus.Processed when outcome.Report is CycleReport report:
                _processed.Add(1);
                _explanations.Add(report.Explanations.Count);
                foreach (var stage in report.Stages)
                {
                    _stageSeconds.Record(stage.Seconds, new KeyValuePair<string, object?>("stage", stage.Stage));
                }

                break;
            case CycleOutcomeStatus.Failed:
                _failed.Add(1);
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<long>> Readings(ISpoolGauge[] gauges, Func<SpoolGaugeReading, long> value) =>
        gauges.Select(g => g.Read()).Select(r => new Measurement<long>(value(r), new KeyValuePair<string, object?>("sink", r.Sink)));
}
