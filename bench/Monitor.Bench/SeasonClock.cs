namespace Monitor.Bench;

/// <summary>
/// The service's clock during a season replayed in minutes: the time each cycle would have arrived in operation, so
/// that the alert lifecycle's wall-clock rules (the hourly cap, the throttle window) act per cycle as they would in a
/// real season rather than on the few minutes the replay takes. Before the first cycle it is the system's time.
/// </summary>
internal sealed class SeasonClock : TimeProvider
{
    private DateTimeOffset? _now;

    /// <summary>Sets the time every caller sees from now on.</summary>
    public void Set(DateTimeOffset now) => _now = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now ?? System.GetUtcNow();
}
