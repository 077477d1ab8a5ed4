namespace Monitor.Core.Alerts;

/// <summary>Where an alert is in the outbox (docs/alerts.md, "Delivery").</summary>
public enum OutboxState
{
    /// <summary>Waiting for its first or next attempt (at <see cref="OutboxEntry.NextAttempt"/>).</summary>
    Pending = 0,

    /// <summary>Claimed by a sender holding a lease until <see cref="OutboxEntry.LeaseUntil"/>; the message may be on its way.</summary>
    Sending = 1,

    /// <summary>The SMTP server accepted it (<see cref="OutboxEntry.Reply"/> holds its reply).</summary>
    Sent = 2,

    /// <summary>Refused for good (a 5xx reply, or retried until <c>GiveUpAfterHours</c>); <see cref="OutboxEntry.LastError"/> says why.</summary>
    Failed = 3,

    /// <summary>
    /// Its sender stopped (crash, kill, lost connection) after the message may have reached the server and before the
    /// outcome was recorded. Not sent again: delivery is at most once (docs/alerts.md).
    /// </summary>
    Unconfirmed = 4,
}
