namespace Monitor.Core.Alerts;

/// <summary>
/// The durable outbox: alerts are stored here before anything is sent, and every state change is recorded before the
/// next step, so a restart resumes where the last process stopped (docs/alerts.md, "Delivery").
/// </summary>
public interface IAlertOutbox
{
    /// <summary>
    /// Stores <paramref name="alert"/> as pending, due now, unless the outbox already holds its key and revision: then
    /// nothing changes and false is returned (the same alert enqueued twice is sent once).
    /// </summary>
    /// <exception cref="ArgumentException">The alert is invalid (<see cref="Alert.Validate"/>).</exception>
    public Task<bool> EnqueueAsync(Alert alert, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revision <paramref name="revision"/> of the alert keyed <paramref name="key"/>, or null.</summary>
    public Task<OutboxEntry?> FindAsync(string key, int revision, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> alerts, newest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ListAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Pending alerts due at <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a pending alert for sending until <paramref name="leaseUntil"/> and counts the attempt; null when it is
    /// no longer pending (another sender claimed it, or it was resolved meanwhile).
    /// </summary>
    public Task<OutboxClaim?> ClaimAsync(string key, int revision, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Records that the server accepted the claimed alert, with its reply; false when the claim was no longer held.</summary>
    public Task<bool> MarkSentAsync(OutboxClaim claim, DateTimeOffset now, string reply, CancellationToken cancellationToken = default);

    /// <summary>Returns the claimed alert to pending, due at <paramref name="retryAt"/>, with the failure; false when the claim was no longer held.</summary>
    public Task<bool> MarkRetryAsync(OutboxClaim claim, DateTimeOffset now, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Records the claimed alert as failed for good with the reason; false when the claim was no longer held.</summary>
    public Task<bool> MarkFailedAsync(OutboxClaim claim, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records the claimed alert as unconfirmed (it may have been delivered); false when the claim was no longer held.</summary>
    public Task<bool> MarkUnconfirmedAsync(OutboxClaim claim, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Postpones a pending alert that was not attempted because the server could not be reached (connection, TLS or
    /// authentication failed before any message was offered): counts the attempt and records the error.
    /// </summary>
    public Task<bool> DeferAsync(string key, int revision, DateTimeOffset now, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts a failed or unconfirmed alert back to pending, due at <paramref name="now"/>, on an operator's request (an
    /// unconfirmed alert may already have been delivered: the operator decides). Its enqueue time restarts at
    /// <paramref name="now"/> so that it is not given up again at once; <paramref name="reason"/> is recorded with the
    /// earlier error. False when the outbox has no such alert in those states (sent, pending and sending are left alone).
    /// </summary>
    public Task<bool> RequeueAsync(string key, int revision, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);

    /// <summary>Fails pending alerts enqueued before <paramref name="enqueuedBefore"/> (given up); returns them.</summary>
    public Task<IReadOnlyList<OutboxEntry>> GiveUpAsync(DateTimeOffset enqueuedBefore, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves alerts still sending whose lease ended before <paramref name="now"/> as unconfirmed (their sender
    /// stopped mid-send); returns them.
    /// </summary>
    public Task<IReadOnlyList<OutboxEntry>> ResolveLapsedAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes sent, failed and unconfirmed alerts finished before <paramref name="finishedBefore"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default);

    /// <summary>Counts per state and the oldest undelivered alert.</summary>
    public Task<OutboxStatus> StatusAsync(CancellationToken cancellationToken = default);
}
