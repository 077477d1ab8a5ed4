using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// One evaluation of a set of rules: the lifecycle decides what becomes an alert, the alerts go into the durable outbox,
/// and the lifecycle's book is saved — in that order, so that a crash in between repeats the same key and revision,
/// which the outbox accepts once. Evaluations are numbered by a <see cref="CycleId"/> (the cycle, or the hour of a
/// health check); one at a time; an evaluation already made returns what it raised without raising it again.
/// </summary>
/// <param name="rules">The names of the rules evaluated (open events of other rules are left alone).</param>
/// <param name="lifecycle">Dedup, throttle, escalation, all-clear, cap.</param>
/// <param name="store">Where the lifecycle's book is kept.</param>
/// <param name="outbox">Where alerts wait to be sent.</param>
/// <param name="time">The clock.</param>
/// <param name="links">Adds links to an alert before it is stored (e.g. to the cycle's report), or null.</param>
public sealed class AlertStage(IReadOnlyCollection<string> rules, AlertLifecycle lifecycle, IAlertBookStore store, IAlertOutbox outbox, TimeProvider time,
    Func<Alert, IReadOnlyList<AlertLink>>? links = null)
    : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Evaluates <paramref name="candidates"/> as evaluation <paramref name="evaluation"/>; returns the alerts as reports show them.</summary>
    /// <param name="evaluation">The evaluation's number (a cycle, or an hour).</param>
    /// <param name="candidates">The rules' findings (called only when the evaluation is new).</param>
    /// <param name="complete">Completes an alert raised for a candidate (pictures), or null.</param>
    /// <param name="cancellationToken">Cancels waiting and enqueuing.</param>
    public async Task<IReadOnlyList<ReportedAlert>> RaiseAsync(CycleId evaluation, Func<IReadOnlyList<AlertCandidate>> candidates,
        Func<AlertCandidate, Alert, Alert>? complete = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AlertBook before = store.Load();
            if (before.LastCycle == evaluation)
            {
                return before.LastCycleAlerts;
            }

            DateTimeOffset now = time.GetUtcNow();
            (AlertBook book, IReadOnlyList<Alert> alerts) = lifecycle.Evaluate(before, evaluation, rules, candidates(), now, complete);
            foreach (Alert alert in alerts)
            {
                Alert linked = links is null ? alert : alert with { Links = [.. alert.Links, .. links(alert)] };
                await outbox.EnqueueAsync(linked, now, cancellationToken).ConfigureAwait(false);
            }

            store.Save(book);
            return book.LastCycleAlerts;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _oneAtATime.Dispose();
}
