using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Alerts;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Adapters.State;
using Monitor.Service.Tests.Alerts;

namespace Monitor.Service.Tests.State;

/// <summary>The outbox table in ledger.db: what it keeps, who may change it, and the schema migration from the ledger-only file.</summary>
public sealed class SqliteAlertOutboxTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_alert_comes_back_as_it_was_enqueued()
    {
        using var state = new TempStateDirectory();
        using var outbox = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);
        Alert alert = TestAlerts.Create() with { HtmlBody = "<p>own</p>", Recipients = ["a@example.org", "b@example.org"] };

        await outbox.EnqueueAsync(alert, s_now);
        OutboxEntry entry = (await outbox.FindAsync(alert.Key, 1))!;

        Alert back = entry.Alert;
        Assert.Equal((alert.Key, alert.Revision, alert.Rule, alert.Severity, alert.Summary, alert.TextBody, alert.HtmlBody),
            (back.Key, back.Revision, back.Rule, back.Severity, back.Summary, back.TextBody, back.HtmlBody));
        Assert.Equal(CycleId.Parse("2026120700"), back.Cycle);
        Assert.Equal((alert.ValidTime, alert.LeadHours), (back.ValidTime, back.LeadHours));
        Assert.Equal(alert.Recipients, back.Recipients);
        Assert.Equal(alert.Links, back.Links);
        Assert.Equal(alert.Images.Select(i => (i.ContentId, i.FileName, i.Description)), back.Images.Select(i => (i.ContentId, i.FileName, i.Description)));
        Assert.Equal(alert.Images.Select(i => i.Png.ToArray()), back.Images.Select(i => i.Png.ToArray()));
        Assert.Equal((OutboxState.Pending, 0, s_now, s_now), (entry.State, entry.Attempts, entry.Enqueued, entry.NextAttempt!.Value));
    }

    [Fact]
    public async Task An_invalid_alert_is_refused_before_it_is_stored()
    {
        using var state = new TempStateDirectory();
        using var outbox = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);

        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync(TestAlerts.Create() with { Recipients = [] }, s_now));

        Assert.Contains("recipients", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await outbox.ListAsync());
    }

    [Fact]
    public async Task Only_one_of_two_senders_claims_an_alert_and_a_lost_claim_cannot_record_an_outcome()
    {
        using var state = new TempStateDirectory();
        using var first = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);
        using var second = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);
        Alert alert = TestAlerts.Create();
        await first.EnqueueAsync(alert, s_now);

        OutboxClaim? claimed = await first.ClaimAsync(alert.Key, 1, s_now, s_now.AddMinutes(5));
        OutboxClaim? other = await second.ClaimAsync(alert.Key, 1, s_now, s_now.AddMinutes(5));
        IReadOnlyList<OutboxEntry> lapsed = await second.ResolveLapsedAsync(s_now.AddMinutes(6));

        Assert.NotNull(claimed);
        Assert.Null(other);
        Assert.Equal((OutboxState.Sending, 1), (claimed.Entry.State, claimed.Entry.Attempts));
        Assert.Single(lapsed);
        Assert.False(await first.MarkRetryAsync(claimed, s_now.AddMinutes(7), "late 451", s_now.AddMinutes(8)));
        Assert.Equal(OutboxState.Unconfirmed, (await first.FindAsync(alert.Key, 1))!.State);
        Assert.Empty(await first.DueAsync(s_now.AddDays(1), 10));
    }

    [Fact]
    public async Task Pending_alerts_past_the_give_up_age_fail_and_finished_ones_are_purged_after_keeping()
    {
        using var state = new TempStateDirectory();
        using var outbox = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);
        Alert old = TestAlerts.Create(key: "old");
        Alert young = TestAlerts.Create(key: "young");
        await outbox.EnqueueAsync(old, s_now);
        await outbox.DeferAsync(old.Key, 1, s_now, "cannot connect (ConnectionRefused)", s_now.AddMinutes(1));
        await outbox.EnqueueAsync(young, s_now.AddHours(47));

        // Given up 48 h after enqueueing: at s_now + 48 h, everything enqueued before s_now + 1 s.
        IReadOnlyList<OutboxEntry> givenUp = await outbox.GiveUpAsync(s_now.AddSeconds(1), s_now.AddHours(48));
        OutboxStatus status = await outbox.StatusAsync();
        int purgedEarly = await outbox.PurgeAsync(s_now.AddHours(47));
        int purged = await outbox.PurgeAsync(s_now.AddHours(49));

        OutboxEntry failed = Assert.Single(givenUp);
        Assert.Equal("old", failed.Alert.Key);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal("given up after 1 attempt(s): cannot connect (ConnectionRefused)", failed.LastError);
        Assert.Equal((1, 1, s_now.AddHours(47)), (status.Pending, status.Failed, status.OldestUndelivered!.Value));
        Assert.Equal((0, 1), (purgedEarly, purged));
        Assert.Equal(["young"], (await outbox.ListAsync()).Select(e => e.Alert.Key));
    }

    /// <summary>
    /// An operator's resend puts a failed or an unconfirmed alert back to pending, due now, with its earlier error kept
    /// and its give-up clock restarted; a sent or pending alert, or one the outbox does not have, is left alone.
    /// </summary>
    [Fact]
    public async Task A_failed_or_unconfirmed_alert_is_requeued_on_request_and_nothing_else()
    {
        using var state = new TempStateDirectory();
        using var outbox = new SqliteAlertOutbox(state.Path, NullLogger<SqliteAlertOutbox>.Instance);
        Alert failed = TestAlerts.Create(key: "failed"), unconfirmed = TestAlerts.Create(key: "unconfirmed"), sent = TestAlerts.Create(key: "sent"),
            pending = TestAlerts.Create(key: "pending");
        foreach (Alert alert in new[] { failed, unconfirmed, sent, pending })
        {
            await outbox.EnqueueAsync(alert, s_now);
        }

        await outbox.MarkFailedAsync((await outbox.ClaimAsync("failed", 1, s_now, s_now.AddMinutes(5)))!, s_now, "recipient refused: 550 no such user");
        await outbox.MarkUnconfirmedAsync((await outbox.ClaimAsync("unconfirmed", 1, s_now, s_now.AddMinutes(5)))!, s_now, "connection lost after DATA");
        await outbox.MarkSentAsync((await outbox.ClaimAsync("sent", 1, s_now, s_now.AddMinutes(5)))!, s_now, "250 OK");
        DateTimeOffset later = s_now.AddHours(50);

        Assert.True(await outbox.RequeueAsync("failed", 1, later, "resend requested"));
        Assert.True(await outbox.RequeueAsync("unconfirmed", 1, later, "resend requested"));
        Assert.False(await outbox.RequeueAsync("sent", 1, later, "resend requested"));
        Assert.False(await outbox.RequeueAsync("pending", 1, later, "resend requested"));
        Assert.False(await outbox.RequeueAsync("failed", 2, later, "resend requested"));
        Assert.False(await outbox.RequeueAsync("absent", 1, later, "resend requested"));

        OutboxEntry requeued = Assert.Single(await outbox.ListAsync(), e => e.Alert.Key == "failed");
        Assert.Equal(OutboxState.Pending, requeued.State);
        Assert.Equal(later, requeued.NextAttempt);
        Assert.Null(requeued.Finished);
        Assert.StartsWith("resend requested (was failed, first enqueued ", requeued.LastError, StringComparison.Ordinal);
        Assert.EndsWith(": recipient refused: 550 no such user)", requeued.LastError, StringComparison.Ordinal);
        Assert.Equal(["failed", "pending", "unconfirmed"], (await outbox.DueAsync(later, 10)).Select(e => e.Alert.Key).Order());
        // The give-up age (48 h after enqueueing) counts from the resend: only the alert pending since s_now is given up.
        Assert.Equal(["pending"], (await outbox.GiveUpAsync(later.AddHours(-48), later)).Select(e => e.Alert.Key));
        Assert.Equal(OutboxState.Sent, Assert.Single(await outbox.ListAsync(), e => e.Alert.Key == "sent").State);
    }

    [Fact]
    public async Task A_ledger_file_of_schema_version_1_is_migrated_keeping_its_cycles()
    {
        using var state = new TempStateDirectory();
        string path = state.File(SqliteCycleLedger.FileName);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = LedgerSchema.Migration(1) + """
                PRAGMA user_version = 1;
                INSERT INTO cycles (cycle, init_time, status, attempts, first_started, last_started)
                VALUES ('2026120600', '2026-12-06T00:00:00.0000000Z', 'done', 1, '2026-12-06T03:00:00.0000000Z', '2026-12-06T03:00:00.0000000Z');
                """;
            create.ExecuteNonQuery();
        }

        var logs = new RecordingLoggerProvider();
        using (var outbox = new SqliteAlertOutbox(state.Path, logs.For<SqliteAlertOutbox>()))
        {
            Assert.True(await outbox.EnqueueAsync(TestAlerts.Create(), s_now));
        }

        using var ledger = new SqliteCycleLedger(state.Path, NullLogger<SqliteCycleLedger>.Instance);
        CycleRecord? kept = await ledger.FindAsync(CycleId.Parse("2026120600"));
        Assert.Equal(CycleStatus.Done, kept?.Status);
        Assert.Contains(logs.Lines, l => l.Contains("[3206]", StringComparison.Ordinal) && l.Contains("from schema version 1 to 2", StringComparison.Ordinal));
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using SqliteCommand version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(2L, version.ExecuteScalar());
    }
}
