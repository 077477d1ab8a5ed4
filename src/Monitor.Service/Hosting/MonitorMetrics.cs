using System.Diagnostics.Metrics;
using Monitor.Core.Alerts;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Hosting;

/// <summary>
/// The service's instruments (System.Diagnostics.Metrics, meter <c>V2VMonitor</c>), exported as Prometheus text on
/// /metrics: cycles processed and failed, stage durations, explanations and points per cycle, and the gauges that
/// other parts register (spool depth, age of the newest processed cycle), and the alert outbox (alerts sent and
/// failed, depth and age of the oldest undelivered alert, as of the last drain).
/// </summary>
public sealed class MonitorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "V2VMonitor";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _explanations;
    private readonly Histogram<double> _stageSeconds;
    private readonly Counter<long> _alertOutcomes;
    private readonly TimeProvider _time;
    private OutboxStatus? _outbox;

    /// <summary>Creates the instruments on <paramref name="meterFactory"/>'s meter, with gauges of <paramref name="spools"/>.</summary>
    public MonitorMetrics(IMeterFactory meterFactory, IEnumerable<ISpoolGauge> spools, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(spools);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
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
        _alertOutcomes = Meter.CreateCounter<long>("v2v_alerts", description: "Alert delivery outcomes (sent, retrying, failed, unconfirmed).");
        Meter.CreateObservableGauge("v2v_alert_outbox_depth", () => Outbox(o => o.Depth),
            description: "Alerts waiting to be sent (pending or sending), as of the last drain.");
        Meter.CreateObservableGauge("v2v_alert_outbox_oldest_seconds", () => Outbox(o => o.OldestAge(_time.GetUtcNow()).TotalSeconds),
            unit: "s", description: "Age of the oldest undelivered alert; 0 when none.");
        Meter.CreateObservableGauge("v2v_alert_outbox_failed", () => Outbox(o => o.Failed),
            description: "Alerts refused for good or given up, still kept in the outbox.");
        Meter.CreateObservableGauge("v2v_alert_outbox_unconfirmed", () => Outbox(o => o.Unconfirmed),
            description: "Alerts whose sender stopped mid-send (not resent), still kept in the outbox.");
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

    /// <summary>Records a drain of the alert outbox and the outbox's state after it.</summary>
    public void Record(AlertDeliveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Add(_alertOutcomes, result.Sent, "sent");
        Add(_alertOutcomes, result.Retrying, "retrying");
        Add(_alertOutcomes, result.Failed, "failed");
        Add(_alertOutcomes, result.Unconfirmed, "unconfirmed");
        Record(result.Status);
    }

    /// <summary>Records the outbox's state (the gauges report the latest).</summary>
    public void Record(OutboxStatus status) => Volatile.Write(ref _outbox, status);

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    private static void Add(Counter<long> counter, int value, string outcome)
    {
        if (value > 0)
        {
            counter.Add(value, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private IEnumerable<Measurement<double>> Outbox(Func<OutboxStatus, double> value) =>
        Volatile.Read(ref _outbox) is OutboxStatus status ? [new Measurement<double>(value(status))] : [];

    private static IEnumerable<Measurement<long>> Readings(ISpoolGauge[] gauges, Func<SpoolGaugeReading, long> value) =>
        gauges.Select(g => g.Read()).Select(r => new Measurement<long>(value(r), new KeyValuePair<string, object?>("sink", r.Sink)));
}
