using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// The lifecycle's memory between evaluations, persisted by the service (<see cref="IAlertBookStore"/>): the open
/// events, the notifications of the last hour (for the cap), the notified openings within the throttle window, and the
/// newest cycle evaluated (an older or repeated cycle is not evaluated again).
/// </summary>
/// <param name="Events">Open events.</param>
/// <param name="Notifications">Times of the alerts sent in the last hour.</param>
/// <param name="Openings">Notified openings within the throttle window.</param>
/// <param name="LastCycle">The newest cycle evaluated, or null.</param>
/// <param name="LastCycleAlerts">The alerts that cycle raised (a retried cycle reports them again without raising them again).</param>
public sealed record AlertBook(IReadOnlyList<AlertEvent> Events, IReadOnlyList<DateTimeOffset> Notifications, IReadOnlyList<AlertOpening> Openings, CycleId? LastCycle,
    IReadOnlyList<ReportedAlert> LastCycleAlerts)
{
    /// <summary>Nothing open, nothing sent.</summary>
    public static AlertBook Empty { get; } = new([], [], [], null, []);
}
