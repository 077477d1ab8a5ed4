using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Turns the candidates of one evaluation into alerts (docs/alerts.md, "Lifecycle"): candidates are grouped into
/// events (a candidate continues an open event of its rule whose last evaluation held the region its link to the
/// previous cycle names, or of its rule and subject when its track id or previous track id is one of the event's); a new event is alerted once (revision 1) unless an event of the same rule and subject was notified
/// within the throttle window, another rule's alerted event already follows the same extreme region (one e-mail per
/// extreme), or the hourly cap is reached (then it goes into one digest); an event whose severity rises
/// is alerted again (escalation, next revision); an event no rule finds for <see cref="AlertLifecycleOptions.ClearAfterMissed"/>
/// evaluations in a row gets an all-clear (next revision, info) if it was ever alerted. Pure: the caller stores the book
/// and enqueues the alerts.
/// </summary>
public sealed class AlertLifecycle(AlertLifecycleOptions options)
{
    private readonly AlertLifecycleOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();

    /// <summary>
    /// The alerts of one evaluation of <paramref name="rules"/> on <paramref name="cycle"/> and the book after it; nothing
    /// when the book has already evaluated this or a newer cycle.
    /// </summary>
    /// <param name="book">The book before.</param>
    /// <param name="cycle">The evaluation.</param>
    /// <param name="rules">The rules evaluated.</param>
    /// <param name="candidates">What they found.</param>
    /// <param name="now">The time.</param>
    /// <param name="complete">Completes an alert raised for a candidate (e.g. with pictures), or null.</param>
    public (AlertBook Book, IReadOnlyList<Alert> Alerts) Evaluate(AlertBook book, CycleId cycle, IReadOnlyCollection<string> rules,
        IReadOnlyList<AlertCandidate> candidates, DateTimeOffset now, Func<AlertCandidate, Alert, Alert>? complete = null)
    {
        Alert Raise(AlertEvent alertEvent, AlertCandidate candidate, string? note)
        {
            Alert alert = ToAlert(alertEvent, candidate, note);
            return complete is null ? alert : complete(candidate, alert);
        }

        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(candidates);
        if (book.LastCycle is CycleId last && cycle.InitTime <= last.InitTime)
        {
            return (book, []);
        }

        var events = book.Events.ToList();
        var notifications = book.Notifications.Where(t => now - t < TimeSpan.FromHours(1)).ToList();
        var openings = book.Openings.Where(o => now - o.Time < _options.ThrottleWindow).ToList();
        var alerts = new List<Alert>();
        var digest = new List<AlertCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // A track is one event across its leads, whichever boxes it crosses between them: it keeps its first lead's subject.
        var trackSubjects = candidates.GroupBy(c => (c.Rule, c.TrackId))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.LeadHours ?? int.MaxValue).First().Subject);
        foreach (IGrouping<string, AlertCandidate> group in candidates.Select(c => c with { Subject = trackSubjects[(c.Rule, c.TrackId)] })
            .GroupBy(c => EventKeyOf(c, events, cycle), StringComparer.Ordinal))
        {
            AlertCandidate strongest = group.OrderByDescending(c => c.Severity).ThenByDescending(c => c.Strength).First();
            AlertSeverity severity = strongest.Severity;
            string[] tracks = [.. group.Select(c => c.TrackId).Distinct(StringComparer.Ordinal)];
            seen.Add(group.Key);
            int index = events.FindIndex(e => e.Key == group.Key);
            if (index >= 0)
            {
                AlertEvent open = events[index];
                AlertEvent updated = open with { TrackIds = tracks, LastSeen = now, Missed = 0, Summary = strongest.Summary, Cycle = cycle };
                if (severity > open.Severity && open.Revision > 0)
                {
                    updated = updated with { Severity = severity, Revision = open.Revision + 1 };
                    alerts.Add(Raise(updated, strongest, $"Escalated from {open.Severity.ToString().ToLowerInvariant()} to {severity.ToString().ToLowerInvariant()}."));
                    notifications.Add(now);
                }
                else if (severity > open.Severity && notifications.Count < _options.MaxPerHour && !CoveredByAnotherRule(strongest, events, cycle))
                {
                    // Followed silently so far (throttled or capped): a rise in severity is worth the first alert.
                    updated = updated with { Severity = severity, Revision = 1 };
                    alerts.Add(Raise(updated, strongest, $"Rose from {open.Severity.ToString().ToLowerInvariant()} to {severity.ToString().ToLowerInvariant()} while followed without an alert."));
                    notifications.Add(now);
                    openings.Add(new AlertOpening(strongest.Rule, strongest.Subject, now));
                }
                else if (severity > open.Severity)
                {
                    updated = updated with { Severity = severity };
                }

                events[index] = updated;
                continue;
            }

            var opened = new AlertEvent(group.Key, strongest.Rule, strongest.Subject, tracks, severity, 0, now, now, 0, strongest.Summary,
                strongest.Recipients, cycle);
            if (openings.Any(o => o.Rule == strongest.Rule && o.Subject == strongest.Subject) || CoveredByAnotherRule(strongest, events, cycle))
            {
                events.Add(opened);
            }
            else if (notifications.Count >= _options.MaxPerHour)
            {
                events.Add(opened);
                digest.Add(strongest);
            }
            else
            {
                events.Add(opened with { Revision = 1 });
                alerts.Add(Raise(opened with { Revision = 1 }, strongest, null));
                notifications.Add(now);
                openings.Add(new AlertOpening(strongest.Rule, strongest.Subject, now));
            }
        }

        for (int i = events.Count - 1; i >= 0; i--)
        {
            AlertEvent open = events[i];
            if (seen.Contains(open.Key) || !rules.Contains(open.Rule))
            {
                continue;
            }

            if (open.Missed + 1 < _options.ClearAfterMissed)
            {
                events[i] = open with { Missed = open.Missed + 1 };
                continue;
            }

            events.RemoveAt(i);
            if (open.Revision > 0)
            {
                alerts.Add(AllClear(open, cycle));
                notifications.Add(now);
            }
        }

        if (digest.Count > 0)
        {
            alerts.Add(Digest(digest, cycle, now));
        }

        return (new AlertBook(events, notifications, openings, cycle, [.. alerts.Select(Reported)]), alerts);
    }

    /// <summary>An alert as the cycle's report, InfluxDB and the HTML report show it.</summary>
    public static ReportedAlert Reported(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new ReportedAlert(alert.Key, alert.Revision, alert.Rule, alert.Severity.ToString().ToLowerInvariant(), alert.LeadHours, alert.ValidTime, alert.Summary);
    }

    /// <summary>
    /// Whether an extreme region's candidate is about an extreme another rule's alerted event already follows — the same
    /// region in this evaluation, or the previous cycle's region its link names — so that one extreme makes one e-mail.
    /// </summary>
    private static bool CoveredByAnotherRule(AlertCandidate candidate, List<AlertEvent> events, CycleId cycle) =>
        candidate.Region is { Source: RegionSource.Extreme } && events.Any(e => e.Rule != candidate.Rule && e.Revision > 0
            && ((e.Cycle == cycle && e.TrackIds.Contains(candidate.TrackId))
                || (candidate.PreviousTrackId is string link && e.TrackIds.Any(id => link == $"{e.Cycle}/{id}"))));

    /// <summary>The key of the open event a candidate continues, else the key of a new event.</summary>
    private static string EventKeyOf(AlertCandidate candidate, List<AlertEvent> events, CycleId cycle)
    {
        // An extreme's link to the previous cycle names that cycle's region ("2026012700/hot-01"): it continues the event
        // that region belonged to, wherever the extreme has moved since (another bin or box is another subject).
        AlertEvent? open = events.FirstOrDefault(e => e.Rule == candidate.Rule && candidate.PreviousTrackId is string link
                && e.TrackIds.Any(id => link == $"{e.Cycle}/{id}"))
            ?? events.FirstOrDefault(e => e.Rule == candidate.Rule && e.Subject == candidate.Subject
                && (e.TrackIds.Contains(candidate.TrackId) || (candidate.PreviousTrackId is string previous && e.TrackIds.Contains(previous))));
        return open?.Key ?? $"{candidate.Rule}/{candidate.Subject}/{cycle}/{candidate.TrackId}";
    }

    private static Alert ToAlert(AlertEvent alertEvent, AlertCandidate candidate, string? note) => new()
    {
        Key = alertEvent.Key,
        Revision = alertEvent.Revision,
        Rule = candidate.Rule,
        Severity = alertEvent.Severity,
        Cycle = candidate.Cycle,
        ValidTime = candidate.ValidTime,
        LeadHours = candidate.LeadHours,
        Summary = candidate.Summary,
        TextBody = note is null ? candidate.Details : $"{note}{Environment.NewLine}{Environment.NewLine}{candidate.Details}",
        Recipients = candidate.Recipients,
    };

    private static Alert AllClear(AlertEvent alertEvent, CycleId cycle)
    {
        string summary = $"Ended: {alertEvent.Summary}";
        return new Alert
        {
            Key = alertEvent.Key,
            Revision = alertEvent.Revision + 1,
            Rule = alertEvent.Rule,
            Severity = AlertSeverity.Info,
            Cycle = cycle,
            Summary = summary,
            TextBody = string.Create(CultureInfo.InvariantCulture,
                $"All clear: cycle {cycle} no longer shows this event (last seen in cycle {alertEvent.Cycle}).{Environment.NewLine}{Environment.NewLine}Last alert: {alertEvent.Summary}"),
            Recipients = alertEvent.Recipients,
        };
    }

    private static Alert Digest(List<AlertCandidate> held, CycleId cycle, DateTimeOffset now)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{held.Count} more events in cycle {cycle}, beyond the hourly cap of alerts:")).AppendLine();
        foreach (AlertCandidate candidate in held)
        {
            text.AppendLine($"- [{candidate.Severity.ToString().ToLowerInvariant()}] {candidate.Summary}");
        }

        return new Alert
        {
            Key = string.Create(CultureInfo.InvariantCulture, $"digest/{cycle}/{now:yyyyMMddHHmm}"),
            Rule = "digest",
            Severity = held.Max(c => c.Severity),
            Cycle = cycle,
            Summary = string.Create(CultureInfo.InvariantCulture, $"{held.Count} more events in cycle {cycle} (hourly cap reached): {held[0].Summary}"),
            TextBody = text.ToString(),
            Recipients = [.. held.SelectMany(c => c.Recipients).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }
}
