namespace Monitor.Core.Alerts;

/// <summary>The outbox's counts per state and the age of its oldest undelivered alert (for /metrics and health rules).</summary>
/// <param name="Pending">Alerts waiting to be sent.</param>
/// <param name="Sending">Alerts claimed by a sender.</param>
/// <param name="Sent">Alerts sent (kept for <c>KeepDays</c>).</param>
/// <param name="Failed">Alerts refused for good.</param>
/// <param name="Unconfirmed">Alerts whose sender stopped mid-send.</param>
/// <param name="OldestUndelivered">Enqueue time of the oldest pending or sending alert; null when none.</param>
public sealed record OutboxStatus(int Pending, int Sending, int Sent, int Failed, int Unconfirmed, DateTimeOffset? OldestUndelivered)
{
    /// <summary>Alerts not yet delivered: pending and sending.</summary>
    public int Depth => Pending + Sending;

    /// <summary>Age of the oldest undelivered alert at <paramref name="now"/>; zero when none.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) => OldestUndelivered is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
}
