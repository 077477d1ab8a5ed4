using Monitor.Core.Grids;

namespace Monitor.Core.Alerts.Rules;

/// <summary>One event the lifecycle follows until its all-clear.</summary>
/// <param name="Key">The alert key of every revision about it.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Subject">What it is about (<see cref="AlertCandidate.Subject"/>).</param>
/// <param name="TrackIds">Its identities in the latest evaluation that found it (a candidate continues it when its track id or previous track id is one of these).</param>
/// <param name="Severity">The highest severity notified (or found, while silenced).</param>
/// <param name="Revision">The last revision sent; 0 while silenced by the throttle or the hourly cap.</param>
/// <param name="Opened">When it was first found.</param>
/// <param name="LastSeen">When a rule last found it.</param>
/// <param name="Missed">Evaluations in a row that did not find it.</param>
/// <param name="Summary">Its latest sentence.</param>
/// <param name="Recipients">Who was told.</param>
/// <param name="Cycle">The latest cycle that found it.</param>
public sealed record AlertEvent(
    string Key,
    string Rule,
    string Subject,
    IReadOnlyList<string> TrackIds,
    AlertSeverity Severity,
    int Revision,
    DateTimeOffset Opened,
    DateTimeOffset LastSeen,
    int Missed,
    string Summary,
    IReadOnlyList<string> Recipients,
    CycleId? Cycle);
