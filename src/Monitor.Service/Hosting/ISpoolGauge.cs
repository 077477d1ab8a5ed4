namespace Monitor.Service.Hosting;

/// <summary>A sink's local store of undelivered points, as /healthz and /metrics report it.</summary>
public interface ISpoolGauge
{
    /// <summary>The store's state now.</summary>
    public SpoolGaugeReading Read();
}

/// <summary>One reading of a spool.</summary>
/// <param name="Sink">The sink it feeds.</param>
/// <param name="PendingBatches">Batches waiting for delivery.</param>
/// <param name="PendingBytes">Their size, bytes.</param>
/// <param name="OldestPendingSeconds">Age of the oldest, seconds (0 when empty).</param>
/// <param name="QuotaReached">Whether the quota is reached (nothing more is accepted).</param>
/// <param name="LastError">The last delivery error, or null.</param>
public sealed record SpoolGaugeReading(string Sink, int PendingBatches, long PendingBytes, double OldestPendingSeconds, bool QuotaReached, string? LastError);
