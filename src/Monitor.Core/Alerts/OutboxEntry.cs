namespace Monitor.Core.Alerts;

/// <summary>An alert in the outbox with its delivery state.</summary>
/// <param name="Alert">The alert as enqueued.</param>
/// <param name="State">Its state.</param>
/// <param name="Attempts">Delivery attempts so far (an attempt that never reached the server counts too).</param>
/// <param name="Enqueued">When it was enqueued.</param>
/// <param name="NextAttempt">When a pending alert is due; null in other states.</param>
/// <param name="LeaseUntil">Until when a sending alert's sender holds it; null in other states.</param>
/// <param name="Finished">When it was sent, failed or found unconfirmed; null before.</param>
/// <param name="LastError">The last failure (the server's reply where there was one); null when none.</param>
/// <param name="Reply">The server's reply to the message data once sent; null before.</param>
public sealed record OutboxEntry(Alert Alert, OutboxState State, int Attempts, DateTimeOffset Enqueued, DateTimeOffset? NextAttempt,
    DateTimeOffset? LeaseUntil, DateTimeOffset? Finished, string? LastError, string? Reply);
