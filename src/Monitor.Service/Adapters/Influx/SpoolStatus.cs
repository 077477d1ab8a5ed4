namespace Monitor.Service.Adapters.Influx;

/// <summary>A snapshot of the InfluxDB spool for health checks and metrics.</summary>
/// <param name="Directory">Where pending batches are stored.</param>
/// <param name="PendingBatches">Batches waiting for delivery.</param>
/// <param name="PendingLines">Lines of line protocol in them.</param>
/// <param name="PendingBytes">Their size on disk, in bytes.</param>
/// <param name="QuotaBytes">The most the spool holds, in bytes (<c>Influx:SpoolQuotaMegabytes</c>).</param>
/// <param name="QuotaReached">Whether the quota is reached or a batch was refused since the last delivery.</param>
/// <param name="OldestPendingAge">How long the oldest pending batch has waited, or null when none waits.</param>
/// <param name="RejectedBatches">Batches the server refused, kept under <c>rejected/</c> for an operator.</param>
/// <param name="LastError">The last delivery failure, or null.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="LastDeliveryAt">When the server last accepted a batch, or null.</param>
internal sealed record SpoolStatus(
    string Directory,
    int PendingBatches,
    long PendingLines,
    long PendingBytes,
    long QuotaBytes,
    bool QuotaReached,
    TimeSpan? OldestPendingAge,
    int RejectedBatches,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastDeliveryAt);
