namespace Monitor.Core.Monitoring.Ports;

/// <summary>
/// Where a cycle's points (InfluxDB line protocol, second precision) go. <see cref="WriteAsync"/> returns once the
/// batch is durably accepted — stored locally for delivery, not necessarily delivered — so that an outage of the
/// destination loses nothing; re-writing a batch with the same key replaces it (points are idempotent: same series and
/// timestamp).
/// </summary>
public interface IPointSink
{
    /// <summary>A short name for logs and the ledger's outputs, e.g. <c>influxdb v1 http://127.0.0.1:8086 db=v2v</c>.</summary>
    public string Describe();

    /// <summary>Accepts <paramref name="lines"/> under <paramref name="batchKey"/> (e.g. the cycle id).</summary>
    /// <exception cref="SinkFullException">The local store for undelivered points has reached its quota.</exception>
    public Task WriteAsync(string batchKey, IReadOnlyList<string> lines, CancellationToken cancellationToken = default);
}

/// <summary>The local store of undelivered points is full: nothing more is accepted until the destination drains it.</summary>
public sealed class SinkFullException(string message) : Exception(message);
