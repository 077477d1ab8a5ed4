using Monitor.Core.Grids;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// What a rule found in one evaluation, before the lifecycle decides whether it becomes an alert: which event it belongs
/// to, how severe, and the words.
/// </summary>
/// <param name="Rule">The rule's configured name.</param>
/// <param name="Subject">What the event is about, stable across cycles (e.g. <c>t2m-unet/hot</c>, <c>t2m-unet/watch/europe</c>): events of one rule and subject are throttled together.</param>
/// <param name="TrackId">The event's identity in this evaluation (e.g. the extreme's track id <c>hot-03</c>, tracked across leads).</param>
/// <param name="PreviousTrackId">Its identity in the previous evaluation (the extreme's link to the previous cycle), or null.</param>
/// <param name="Severity">How severe.</param>
/// <param name="Strength">A number that orders candidates of one event (e.g. the anomaly score): the strongest one's words are used.</param>
/// <param name="Cycle">The cycle, or null.</param>
/// <param name="ValidTime">The valid time, or null.</param>
/// <param name="LeadHours">The lead, or null.</param>
/// <param name="Summary">The one sentence (one line).</param>
/// <param name="Details">The plain-text body.</param>
/// <param name="Recipients">Who gets it.</param>
/// <param name="Region">The explained region it is about (to illustrate it), or null.</param>
public sealed record AlertCandidate(
    string Rule,
    string Subject,
    string TrackId,
    string? PreviousTrackId,
    AlertSeverity Severity,
    double Strength,
    CycleId? Cycle,
    DateTime? ValidTime,
    int? LeadHours,
    string Summary,
    string Details,
    IReadOnlyList<string> Recipients,
    AlertRegion? Region = null);
