using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>The alert stage of a cycle: every cycle rule evaluates the report, and the <see cref="AlertStage"/> raises what they find.</summary>
/// <param name="rules">The configured cycle rules.</param>
/// <param name="lifecycle">Dedup, throttle, escalation, all-clear, cap.</param>
/// <param name="store">Where the lifecycle's book is kept.</param>
/// <param name="outbox">Where alerts wait to be sent.</param>
/// <param name="time">The clock.</param>
public sealed class CycleAlerts(IReadOnlyList<ICycleAlertRule> rules, AlertLifecycle lifecycle, IAlertBookStore store, IAlertOutbox outbox, TimeProvider time)
    : IDisposable
{
    private readonly AlertStage _stage = new([.. rules.Select(r => r.Name)], lifecycle, store, outbox, time);

    /// <summary>The configured rules.</summary>
    public IReadOnlyList<ICycleAlertRule> Rules { get; } = rules;

    /// <summary>
    /// Evaluates the rules on <paramref name="report"/>, enqueues the alerts and returns them as the report shows them; for
    /// the cycle evaluated last (a retry after a later stage failed) the alerts it raised then, without raising them again.
    /// </summary>
    public async Task<IReadOnlyList<ReportedAlert>> OnCycleAsync(CycleReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Rules.Count == 0
            ? []
            : await _stage.RaiseAsync(CycleId.Parse(report.Cycle), () => [.. Rules.SelectMany(r => r.Evaluate(report))], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _stage.Dispose();
}
