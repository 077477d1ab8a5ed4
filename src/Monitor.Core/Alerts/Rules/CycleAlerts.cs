using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>The alert stage of a cycle: every cycle rule evaluates the report, and the <see cref="AlertStage"/> raises what they find.</summary>
/// <param name="rules">The configured cycle rules.</param>
/// <param name="lifecycle">Dedup, throttle, escalation, all-clear, cap.</param>
/// <param name="store">Where the lifecycle's book is kept.</param>
/// <param name="outbox">Where alerts wait to be sent.</param>
/// <param name="time">The clock.</param>
/// <param name="serviceUrl">The service's public base URL (links to the cycle's report files), or null for no links.</param>
/// <param name="grafanaUrl">Grafana's public base URL (links into the dashboards, <see cref="GrafanaLinks"/>), or null for none.</param>
/// <param name="maxCycleAge">A cycle initialised longer ago than this raises no alerts (<see cref="AgeBeyondLimit"/>); zero: no limit.</param>
public sealed class CycleAlerts(IReadOnlyList<ICycleAlertRule> rules, AlertLifecycle lifecycle, IAlertBookStore store, IAlertOutbox outbox, TimeProvider time,
    Uri? serviceUrl = null, Uri? grafanaUrl = null, TimeSpan maxCycleAge = default)
    : IDisposable
{
    private readonly AlertStage _stage = new([.. rules.Select(r => r.Name)], lifecycle, store, outbox, time, serviceUrl is null ? null : a => ReportLinks(serviceUrl, a));

    /// <summary>
    /// Links to the alert's cycle's page (<c>report.html</c>, written after the alert stage, before the alert is
    /// delivered), <c>report.json</c> and line protocol as the service serves them (<c>/reports/{cycle}/{file}</c>).
    /// </summary>
    public static IReadOnlyList<AlertLink> ReportLinks(Uri serviceUrl, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Cycle is not CycleId cycle)
        {
            return [];
        }

        string root = serviceUrl.AbsoluteUri.TrimEnd('/');
        return [new AlertLink($"Cycle {cycle}: report", $"{root}/reports/{cycle}/report.html"),
            new AlertLink($"Cycle {cycle}: report (JSON)", $"{root}/reports/{cycle}/report.json"),
            new AlertLink($"Cycle {cycle}: InfluxDB line protocol", $"{root}/reports/{cycle}/points.lp")];
    }

    /// <summary>The configured rules.</summary>
    public IReadOnlyList<ICycleAlertRule> Rules { get; } = rules;

    /// <summary>The age limit of a cycle that may raise alerts; zero: no limit.</summary>
    public TimeSpan MaxCycleAge { get; } = maxCycleAge >= TimeSpan.Zero ? maxCycleAge : throw new ArgumentOutOfRangeException(nameof(maxCycleAge), maxCycleAge, "The age limit cannot be negative.");

    /// <summary>
    /// The cycle's age now when it is older than <see cref="MaxCycleAge"/> — it then raises no alerts: a backfill of a past
    /// season, or the backlog after downtime, is not news, and its alerts would only fill the hourly cap with digests —
    /// otherwise null.
    /// </summary>
    public TimeSpan? AgeBeyondLimit(CycleId cycle)
    {
        TimeSpan age = time.GetUtcNow() - new DateTimeOffset(cycle.InitTime, TimeSpan.Zero);
        return MaxCycleAge > TimeSpan.Zero && age > MaxCycleAge ? age : null;
    }

    /// <summary>
    /// Evaluates the rules on <paramref name="report"/>, enqueues the alerts and returns them as the report shows them; for
    /// the cycle evaluated last (a retry after a later stage failed) the alerts it raised then, without raising them again.
    /// </summary>
    /// <param name="report">The cycle's report.</param>
    /// <param name="complete">Completes an alert raised for a candidate (pictures), or null.</param>
    /// <param name="cancellationToken">Cancels waiting and enqueuing.</param>
    public async Task<IReadOnlyList<ReportedAlert>> OnCycleAsync(CycleReport report, Func<AlertCandidate, Alert, Alert>? complete = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Func<AlertCandidate, Alert, Alert>? completeWithLinks = grafanaUrl is null ? complete : (candidate, alert) =>
        {
            Alert completed = complete?.Invoke(candidate, alert) ?? alert;
            return completed with { Links = [.. GrafanaLinks.ForCycle(grafanaUrl, candidate), .. completed.Links] };
        };
        return Rules.Count == 0 || AgeBeyondLimit(CycleId.Parse(report.Cycle)) is not null
            ? []
            : await _stage.RaiseAsync(CycleId.Parse(report.Cycle), () => [.. Rules.SelectMany(r => r.Evaluate(report))], completeWithLinks, cancellationToken)
                .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _stage.Dispose();
}
