using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Tests.Alerts.Rules;

public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] Rules = ["anomalous-relevance"];

    /// <summary>An event is alerted once, escalated once when it turns severe, and cleared after two cycles without it.</summary>
    [Fact]
    public void An_event_is_alerted_once_escalated_once_and_cleared()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions());
        (AlertBook book, IReadOnlyList<Alert> first) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules, [Candidate("hot-01", null)], T0);
        Alert opened = Assert.Single(first);
        Assert.Equal(1, opened.Revision);
        Assert.Equal(AlertSeverity.Warning, opened.Severity);
        opened.Validate();

        // The next cycle's track hot-02 continues hot-01 (its link to the previous cycle): nothing new.
        (book, IReadOnlyList<Alert> again) = lifecycle.Evaluate(book, Cycle(6), Rules, [Candidate("hot-02", "hot-01")], T0.AddHours(6));
        Assert.Empty(again);

        (book, IReadOnlyList<Alert> escalated) = lifecycle.Evaluate(book, Cycle(12), Rules, [Candidate("hot-01", "hot-02", AlertSeverity.Severe)], T0.AddHours(12));
        Alert severe = Assert.Single(escalated);
        Assert.Equal((opened.Key, 2, AlertSeverity.Severe), (severe.Key, severe.Revision, severe.Severity));
        Assert.StartsWith("Escalated from warning to severe", severe.TextBody, StringComparison.Ordinal);

        (book, IReadOnlyList<Alert> quiet) = lifecycle.Evaluate(book, Cycle(18), Rules, [], T0.AddHours(18));
        Assert.Empty(quiet);
        Assert.Single(book.Events);
        (book, IReadOnlyList<Alert> cleared) = lifecycle.Evaluate(book, Cycle(24), Rules, [], T0.AddHours(24));
        Alert allClear = Assert.Single(cleared);
        Assert.Equal((opened.Key, 3, AlertSeverity.Info), (allClear.Key, allClear.Revision, allClear.Severity));
        Assert.StartsWith("Ended: ", allClear.Summary, StringComparison.Ordinal);
        Assert.Empty(book.Events);
    }

    /// <summary>
    /// An extreme linked to the previous cycle's region ("cycle/id", as the extremes stage writes the link) continues that
    /// region's event even after moving into another bin (another subject); a region of the same bin without the link is
    /// a new event.
    /// </summary>
    [Fact]
    public void A_moving_extreme_continues_its_event_through_its_link_to_the_previous_cycle()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions());
        (AlertBook book, IReadOnlyList<Alert> first) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules,
            [Candidate("hot-01", null) with { Subject = "t2m-unet/hot/bin-01-00" }], T0);
        string key = Assert.Single(first).Key;

        (book, IReadOnlyList<Alert> moved) = lifecycle.Evaluate(book, Cycle(24), Rules,
            [Candidate("hot-03", $"{Cycle(0)}/hot-01") with { Subject = "t2m-unet/hot/bin-01-01" }], T0.AddHours(24));
        Assert.Empty(moved);
        Assert.Equal(key, Assert.Single(book.Events).Key);
        Assert.Equal(["hot-03"], book.Events[0].TrackIds);

        (book, IReadOnlyList<Alert> other) = lifecycle.Evaluate(book, Cycle(48), Rules,
            [Candidate("hot-02", $"{Cycle(0)}/hot-01") with { Subject = "t2m-unet/hot/bin-01-01" }], T0.AddHours(48));
        Assert.NotEqual(key, Assert.Single(other).Key);
    }

    /// <summary>
    /// Two region rules on the same extreme make one e-mail: the second rule's event on the region the first has alerted
    /// is followed silently, in the same cycle and in the next through the extreme's link, even when its severity rises;
    /// the second rule still alerts on another extreme, and on a watch region of the same name as a track.
    /// </summary>
    [Fact]
    public void Two_rules_on_one_extreme_make_one_e_mail()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions());
        string[] rules = ["anomalous-relevance", "unexplained"];
        AlertCandidate Extreme(string rule, string track, string? previous, AlertSeverity severity = AlertSeverity.Warning) =>
            Candidate(track, previous, severity) with
            {
                Rule = rule, Subject = $"t2m-unet/hot/{rule}", Region = new AlertRegion("t2m-unet", track, RegionSource.Extreme, 36),
            };

        (AlertBook book, IReadOnlyList<Alert> first) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), rules,
            [Extreme("anomalous-relevance", "hot-01", null), Extreme("unexplained", "hot-01", null), Extreme("unexplained", "hot-02", null)], T0);
        Assert.Equal([("anomalous-relevance", "Warm extreme hot-01"), ("unexplained", "Warm extreme hot-02")], first.Select(a => (a.Rule, a.Summary)));
        Assert.Equal(3, book.Events.Count);

        (book, IReadOnlyList<Alert> next) = lifecycle.Evaluate(book, Cycle(24), rules,
            [Extreme("anomalous-relevance", "hot-05", $"{Cycle(0)}/hot-01"), Extreme("unexplained", "hot-05", $"{Cycle(0)}/hot-01", AlertSeverity.Severe)],
            T0.AddHours(24));
        Assert.Empty(next);

        AlertCandidate watch = Candidate("hot-09", null) with { Rule = "unexplained", Subject = "t2m-unet/watch/hot-09", Region = new AlertRegion("t2m-unet", "hot-09", RegionSource.Watch, 36) };
        (_, IReadOnlyList<Alert> other) = lifecycle.Evaluate(book, Cycle(48), rules,
            [Extreme("anomalous-relevance", "hot-09", $"{Cycle(24)}/hot-05"), watch], T0.AddHours(48));
        Assert.Equal(["unexplained"], other.Where(a => a.Revision == 1).Select(a => a.Rule));
    }

    /// <summary>Several leads of one track in one cycle make one alert, worded after the strongest.</summary>
    [Fact]
    public void The_leads_of_one_track_make_one_alert_worded_after_the_strongest()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions());
        AlertCandidate weak = Candidate("hot-01", null) with { Strength = 5, Summary = "weak", LeadHours = 24 };
        AlertCandidate strong = Candidate("hot-01", null) with { Strength = 9, Summary = "strong", LeadHours = 48 };

        (_, IReadOnlyList<Alert> alerts) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules, [weak, strong], T0);

        Alert alert = Assert.Single(alerts);
        Assert.Equal("strong", alert.Summary);
        Assert.Equal(48, alert.LeadHours);

        // The track crosses from one subject's box into another's between its leads: still one event, keyed by the
        // subject of its first lead (in the season benchmark such tracks made two e-mails until 2026-12-07).
        AlertCandidate north = Candidate("hot-03", null) with { Subject = "t2m-unet/hot/60N-20E", LeadHours = 0 };
        AlertCandidate south = Candidate("hot-03", null) with { Subject = "t2m-unet/hot/40N-20E", LeadHours = 24, Strength = 9 };
        (AlertBook book, IReadOnlyList<Alert> crossing) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules, [south, north], T0);
        Assert.Equal($"anomalous-relevance/t2m-unet/hot/60N-20E/{Cycle(0)}/hot-03", Assert.Single(crossing).Key);
        Assert.Equal(24, crossing[0].LeadHours);
        (_, IReadOnlyList<Alert> later) = lifecycle.Evaluate(book, Cycle(24), Rules, [south with { PreviousTrackId = $"{Cycle(0)}/hot-03", TrackId = "hot-07" }], T0.AddHours(24));
        Assert.Empty(later);
    }

    /// <summary>
    /// A second event of the same rule and subject within the throttle window is followed silently — until it turns
    /// severe; after the window a new event is alerted again.
    /// </summary>
    [Fact]
    public void A_new_event_of_the_same_subject_is_throttled_until_it_turns_severe()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions { ThrottleWindow = TimeSpan.FromHours(6) });
        (AlertBook book, IReadOnlyList<Alert> first) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules, [Candidate("hot-01", null)], T0);
        Assert.Single(first);

        (book, IReadOnlyList<Alert> throttled) = lifecycle.Evaluate(book, Cycle(1), Rules, [Candidate("hot-01", null), Candidate("hot-07", null)], T0.AddHours(1));
        Assert.Empty(throttled);
        Assert.Equal(2, book.Events.Count);

        (book, IReadOnlyList<Alert> rose) = lifecycle.Evaluate(book, Cycle(2), Rules,
            [Candidate("hot-01", null), Candidate("hot-07", null, AlertSeverity.Severe)], T0.AddHours(2));
        Alert alert = Assert.Single(rose);
        Assert.Equal((1, AlertSeverity.Severe), (alert.Revision, alert.Severity));
        Assert.Contains("hot-07", alert.Key, StringComparison.Ordinal);

        (_, IReadOnlyList<Alert> later) = lifecycle.Evaluate(book, Cycle(12), Rules,
            [Candidate("hot-01", null), Candidate("hot-07", null, AlertSeverity.Severe), Candidate("hot-09", null)], T0.AddHours(12));
        Assert.Contains("hot-09", Assert.Single(later).Key, StringComparison.Ordinal);
    }

    /// <summary>Beyond the hourly cap, new events go into one digest that lists them.</summary>
    [Fact]
    public void Beyond_the_hourly_cap_new_events_go_into_one_digest()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions { MaxPerHour = 2 });
        AlertCandidate[] storm = [.. Enumerable.Range(1, 5).Select(i => Candidate($"hot-0{i}", null) with { Subject = $"m/hot/{i}", Summary = $"event {i}" })];

        (_, IReadOnlyList<Alert> alerts) = lifecycle.Evaluate(AlertBook.Empty, Cycle(0), Rules, storm, T0);

        Assert.Equal(3, alerts.Count);
        Alert digest = Assert.Single(alerts, a => a.Rule == "digest");
        Assert.StartsWith("3 more events", digest.Summary, StringComparison.Ordinal);
        Assert.Contains("event 5", digest.TextBody, StringComparison.Ordinal);
        digest.Validate();
    }

    /// <summary>A cycle the book has evaluated (a re-run) or an older one (a backfill) raises nothing and changes nothing.</summary>
    [Fact]
    public void A_repeated_or_older_cycle_is_not_evaluated()
    {
        var lifecycle = new AlertLifecycle(new AlertLifecycleOptions());
        (AlertBook book, _) = lifecycle.Evaluate(AlertBook.Empty, Cycle(6), Rules, [Candidate("hot-01", null)], T0);

        (AlertBook same, IReadOnlyList<Alert> repeated) = lifecycle.Evaluate(book, Cycle(6), Rules, [Candidate("hot-05", null) with { Subject = "other" }], T0.AddHours(1));
        (_, IReadOnlyList<Alert> older) = lifecycle.Evaluate(book, Cycle(0), Rules, [Candidate("hot-05", null) with { Subject = "other" }], T0.AddHours(1));

        Assert.Empty(repeated);
        Assert.Empty(older);
        Assert.Same(book, same);
    }

    private static CycleId Cycle(int hours) => new(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc).AddHours(hours));

    private static AlertCandidate Candidate(string track, string? previous, AlertSeverity severity = AlertSeverity.Warning) =>
        new("anomalous-relevance", "t2m-unet/hot", track, previous, severity, 6, Cycle(0), new DateTime(2026, 12, 8, 12, 0, 0, DateTimeKind.Utc), 36,
            $"Warm extreme {track}", "details", ["forecaster@example.org"]);
}
