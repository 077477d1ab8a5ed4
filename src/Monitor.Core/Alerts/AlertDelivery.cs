using Microsoft.Extensions.Logging;

namespace Monitor.Core.Alerts;

/// <summary>
/// Drains the outbox: resolves alerts whose sender stopped mid-send, gives up on alerts too old to matter, then sends
/// what is due over one session, recording each outcome before the next alert (docs/alerts.md, "Delivery").
/// </summary>
/// <remarks>
/// Delivery is at most once per key and revision: an alert is claimed (state sending, with a lease) before its message
/// is offered to the server, and a claim whose outcome was never recorded is resolved as unconfirmed, never resent.
/// The Message-ID derived from the key and revision lets receivers deduplicate should an operator resend by hand.
/// </remarks>
public sealed partial class AlertDelivery
{
    private readonly IAlertOutbox _outbox;
    private readonly IAlertSender _sender;
    private readonly AlertDeliveryPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertDelivery> _logger;

    /// <summary>Creates the drain over <paramref name="outbox"/> and <paramref name="sender"/>.</summary>
    public AlertDelivery(IAlertOutbox outbox, IAlertSender sender, AlertDeliveryPolicy policy, TimeProvider time, ILogger<AlertDelivery> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _outbox = outbox;
        _sender = sender;
        _policy = policy;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// One drain. <paramref name="cancellationToken"/> stops it between alerts; an alert being sent is finished (within
    /// its lease) and recorded, so stopping the service never leaves an alert unconfirmed.
    /// </summary>
    public async Task<AlertDeliveryResult> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int unconfirmed = 0;
        int failed = 0;
        foreach (OutboxEntry lapsed in await _outbox.ResolveLapsedAsync(now, cancellationToken).ConfigureAwait(false))
        {
            unconfirmed++;
            LogLapsed(_logger, lapsed.Alert.Key, lapsed.Alert.Revision, lapsed.LeaseUntil);
        }

        if (_policy.GiveUpAfter is TimeSpan giveUp)
        {
            foreach (OutboxEntry old in await _outbox.GiveUpAsync(now - giveUp, now, cancellationToken).ConfigureAwait(false))
            {
                failed++;
                LogGivenUp(_logger, old.Alert.Key, old.Alert.Revision, old.Attempts, giveUp.TotalHours, old.LastError ?? "");
            }
        }

        await _outbox.PurgeAsync(now - _policy.KeepFor, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboxEntry> due = await _outbox.DueAsync(now, _policy.BatchSize, cancellationToken).ConfigureAwait(false);
        (int sent, int retrying, int refused, int uncertain) = due.Count == 0 ? default : await SendAsync(due, cancellationToken).ConfigureAwait(false);
        // Not cancellable: a drain stopped between alerts still reports what it did.
        OutboxStatus status = await _outbox.StatusAsync(CancellationToken.None).ConfigureAwait(false);
        return new AlertDeliveryResult(sent, retrying, failed + refused, unconfirmed + uncertain, status);
    }

    private async Task<(int Sent, int Retrying, int Failed, int Unconfirmed)> SendAsync(IReadOnlyList<OutboxEntry> due, CancellationToken cancellationToken)
    {
        IAlertSession session;
        try
        {
            session = await _sender.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AlertSendException e)
        {
            return (0, await DeferAllAsync(due, e).ConfigureAwait(false), 0, 0);
        }

        int sent = 0, retrying = 0, failed = 0, unconfirmed = 0;
        await using (session.ConfigureAwait(false))
        {
            foreach (OutboxEntry entry in due)
            {
                if (cancellationToken.IsCancellationRequested || !session.IsOpen)
                {
                    break;
                }

                DateTimeOffset now = _time.GetUtcNow();
                OutboxClaim? claim = await _outbox.ClaimAsync(entry.Alert.Key, entry.Alert.Revision, now, now + _policy.Lease, cancellationToken)
                    .ConfigureAwait(false);
                if (claim is null)
                {
                    continue;
                }

                switch (await SendOneAsync(session, claim).ConfigureAwait(false))
                {
                    case OutboxState.Sent: sent++; break;
                    case OutboxState.Pending: retrying++; break;
                    case OutboxState.Failed: failed++; break;
                    default: unconfirmed++; break;
                }
            }
        }

        return (sent, retrying, failed, unconfirmed);
    }

    /// <summary>Sends one claimed alert and records the outcome (not cancellable: an outcome not recorded would be lost).</summary>
    private async Task<OutboxState> SendOneAsync(IAlertSession session, OutboxClaim claim)
    {
        Alert alert = claim.Entry.Alert;
        using var lease = new CancellationTokenSource(Max(claim.LeaseUntil - _time.GetUtcNow(), TimeSpan.FromSeconds(1)), _time);
        try
        {
            AlertReceipt receipt = await session.SendAsync(alert, lease.Token).ConfigureAwait(false);
            await _outbox.MarkSentAsync(claim, _time.GetUtcNow(), receipt.Reply, CancellationToken.None).ConfigureAwait(false);
            LogSent(_logger, alert.Key, alert.Revision, alert.Severity, claim.Entry.Attempts, receipt.MessageId, receipt.Reply);
            return OutboxState.Sent;
        }
        catch (AlertSendException e) when (e.Failure == AlertSendFailure.Transient)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset retryAt = _policy.RetryAt(claim.Entry.Attempts, now);
            await _outbox.MarkRetryAsync(claim, now, e.Message, retryAt, CancellationToken.None).ConfigureAwait(false);
            LogRetrying(_logger, alert.Key, alert.Revision, claim.Entry.Attempts, retryAt, e.Message);
            return OutboxState.Pending;
        }
        catch (AlertSendException e) when (e.Failure == AlertSendFailure.Permanent)
        {
            await _outbox.MarkFailedAsync(claim, _time.GetUtcNow(), e.Message, CancellationToken.None).ConfigureAwait(false);
            LogRefused(_logger, alert.Key, alert.Revision, e.Message);
            return OutboxState.Failed;
        }
        catch (AlertSendException e)
        {
            await _outbox.MarkUnconfirmedAsync(claim, _time.GetUtcNow(), e.Message, CancellationToken.None).ConfigureAwait(false);
            LogUncertain(_logger, alert.Key, alert.Revision, e.Message);
            return OutboxState.Unconfirmed;
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested)
        {
            string error = $"no outcome within the lease of {_policy.Lease.TotalSeconds:0} s; the message may have been delivered";
            await _outbox.MarkUnconfirmedAsync(claim, _time.GetUtcNow(), error, CancellationToken.None).ConfigureAwait(false);
            LogUncertain(_logger, alert.Key, alert.Revision, error);
            return OutboxState.Unconfirmed;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<int> DeferAllAsync(IReadOnlyList<OutboxEntry> due, AlertSendException e)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int deferred = 0;
        foreach (OutboxEntry entry in due)
        {
            DateTimeOffset retryAt = _policy.RetryAt(entry.Attempts + 1, now);
            if (await _outbox.DeferAsync(entry.Alert.Key, entry.Alert.Revision, now, e.Message, retryAt, CancellationToken.None).ConfigureAwait(false))
            {
                deferred++;
            }
        }

        LogUnreachable(_logger, e, _sender.Describe(), deferred, e.Message);
        return deferred;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Alert {Key} r{Revision} ({Severity}) sent on attempt {Attempt} as <{MessageId}>: {Reply}")]
    private static partial void LogSent(ILogger logger, string key, int revision, AlertSeverity severity, int attempt, string messageId, string reply);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Alert {Key} r{Revision}: attempt {Attempt} failed, retry at {RetryAt}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string key, int revision, int attempt, DateTimeOffset retryAt, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Alert {Key} r{Revision}: refused by the server, not retried: {Reply}")]
    private static partial void LogRefused(ILogger logger, string key, int revision, string reply);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "Alert {Key} r{Revision}: outcome unknown, recorded as unconfirmed and not resent (at most once): {Reason}")]
    private static partial void LogUncertain(ILogger logger, string key, int revision, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Alert {Key} r{Revision} was still sending when its lease ended at {LeaseUntil}: its sender stopped mid-send; recorded as unconfirmed and not resent")]
    private static partial void LogLapsed(ILogger logger, string key, int revision, DateTimeOffset? leaseUntil);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error,
        Message = "Alert {Key} r{Revision}: given up after {Attempts} attempt(s) over {Hours:0.#} h: {LastError}")]
    private static partial void LogGivenUp(ILogger logger, string key, int revision, int attempts, double hours, string lastError);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Alert server {Server} unreachable; {Alerts} alert(s) stay queued: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string server, int alerts, string reason);
}
