namespace Monitor.Core.Alerts.Rules;

/// <summary>What a health check sees of the running service.</summary>
/// <param name="Now">When it looked.</param>
/// <param name="NewestCycle">Init time of the newest cycle processed, or null before the first.</param>
/// <param name="FailuresInARow">The newest cycles that failed (not retried further), counted back to the newest that succeeded.</param>
/// <param name="LastFailure">The newest failure's cycle and reason, or null.</param>
/// <param name="SpoolOldestSeconds">Age of the oldest batch waiting in the InfluxDB spool, s (0 when empty or no InfluxDB).</param>
/// <param name="OutboxDepth">Alerts waiting in the outbox.</param>
/// <param name="OutboxOldestSeconds">Age of the oldest of them, s.</param>
/// <param name="KernelFallback">Why the convolution kernels fell back to a slower path at start-up, or null.</param>
public sealed record ServiceHealth(
    DateTimeOffset Now,
    DateTime? NewestCycle,
    int FailuresInARow,
    string? LastFailure,
    double SpoolOldestSeconds,
    int OutboxDepth,
    double OutboxOldestSeconds,
    string? KernelFallback);
