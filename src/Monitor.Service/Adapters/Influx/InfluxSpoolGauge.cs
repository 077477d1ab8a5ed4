using Monitor.Service.Hosting;

namespace Monitor.Service.Adapters.Influx;

/// <summary>The InfluxDB spool as /healthz and /metrics read it.</summary>
internal sealed class InfluxSpoolGauge(InfluxPointSink sink) : ISpoolGauge
{
    /// <inheritdoc />
    public SpoolGaugeReading Read()
    {
        SpoolStatus status = sink.Status;
        return new SpoolGaugeReading(sink.Describe(), status.PendingBatches, status.PendingBytes, status.OldestPendingAge?.TotalSeconds ?? 0,
            status.QuotaReached, status.LastError);
    }
}
