namespace Monitor.Service.Adapters.Influx;

/// <summary>What one flush of the spool did.</summary>
/// <param name="DeliveredBatches">Batches the server accepted completely (their files are deleted).</param>
/// <param name="DeliveredLines">Lines in those batches.</param>
/// <param name="Rejected">Batches the server refused (moved to <c>rejected/</c>).</param>
/// <param name="StoppedBy">The failure that stopped the flush with batches still pending (transient, or credentials/database), or null.</param>
/// <param name="Elapsed">How long the flush took.</param>
internal sealed record SpoolFlushResult(
    int DeliveredBatches,
    long DeliveredLines,
    IReadOnlyList<SpoolRejection> Rejected,
    InfluxRequestException? StoppedBy,
    TimeSpan Elapsed);
