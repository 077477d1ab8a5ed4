using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// The alert stage of a cycle: every rule evaluates the report, the lifecycle decides what becomes an alert, the alerts
/// go into the durable outbox, and the lifecycle's book is saved — in that order, so that a crash in between repeats
/// the same key and revision, which the outbox accepts once. One cycle at a time.
/// </summary>
/// <param name="rules">The configured rules.</param>
/// <param name="lifecycle">Dedup, throttle, escalation, all-clear, cap.</param>
/// <param name="store">Where the lifecycle's book is kept.</param>
/// <param name="outbox">Where alerts wait to be sent.</param>
/// <param name="time">The clock.</param>
public sealed class CycleAlerts(IReadOnlyList<ICycleAlertRule> rules, AlertLifecycle lifecycle, IAlertBookStore store, IAlertOutbox outbox, TimeProvider time)
    : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly HashSet<string> _ruleNames = [.. rules.Select(r => r.Name)];

    /// <summary>The configured rules.</summary>
    public IReadOnlyList<ICycleAlertRule> Rules { get; } = rules;

    /// <summary>
    /// Evaluates the rules on <paramref name="report"/>, enqueues the alerts and returns them as the report shows them; for
    /// the cycle evaluated last (a retry after a later stage failed) the alerts it raised then, without raising them again.
    /// </summary>
    public async Task<IReadOnlyList<ReportedAlert>> OnCycleAsync(CycleReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Rules.Count == 0)
        {
            return [];
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cycle = CycleId.Parse(report.Cycle);
            AlertBook before = store.Load();
            if (before.LastCycle == cycle)
            {
                return before.LastCycleAlerts;
            }

            List<AlertCandidate> candidates = [.. Rules.SelectMany(r => r.Evaluate(report))];
            DateTimeOffset now = time.GetUtcNow();
            (AlertBook book, IReadOnlyList<Alert> alerts) = lifecycle.Evaluate(before, cycle, _ruleNames, candidates, now);
            foreach (Alert alert in alerts)
            {
                await outbox.EnqueueAsync(alert, now, cancellationToken).ConfigureAwait(false);
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
