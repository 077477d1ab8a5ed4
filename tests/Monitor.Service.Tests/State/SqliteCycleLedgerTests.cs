using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Adapters.State;

namespace Monitor.Service.Tests.State;

public sealed class SqliteCycleLedgerTests : IDisposable
{
    private static readonly CycleId Cycle = CycleId.Parse("2026112512");

    // Sub-millisecond ticks and a non-UTC offset: both must survive the round trip.
    private static readonly DateTimeOffset Started = new DateTimeOffset(2026, 11, 25, 15, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

    private readonly TempStateDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SqliteCycleLedger NewLedger() => new(_directory.Path, NullLogger<SqliteCycleLedger>.Instance);

    [Fact]
    public async Task First_attempt_is_number_one_and_the_cycle_is_running()
    {
        using SqliteCycleLedger ledger = NewLedger();

        int attempt = await ledger.BeginAttemptAsync(Cycle, Started);

        Assert.Equal(1, attempt);
        Assert.True(File.Exists(_directory.File(SqliteCycleLedger.FileName)));
        CycleRecord? record = await ledger.FindAsync(Cycle);
        Assert.NotNull(record);
        Assert.Equal(Cycle, record.Cycle);
        Assert.Equal(CycleStatus.Running, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(Started, record.FirstStarted);
        Assert.Equal(Started.UtcTicks, record.LastStarted.UtcTicks);
        Assert.Null(record.Finished);
        Assert.Null(record.Error);
        Assert.Empty(record.Stages);
        CycleAttempt only = Assert.Single(await ledger.AttemptsAsync(Cycle));
        Assert.Equal(new CycleAttempt(1, Started, null, "running", null), only);
        Assert.Null(await ledger.FindAsync(CycleId.Parse("2026112518")));
    }

    [Fact]
    public async Task Completion_round_trips_stage_timings_outputs_and_times_exactly()
    {
        using SqliteCycleLedger ledger = NewLedger();
        int attempt = await ledger.BeginAttemptAsync(Cycle, Started);
        DateTimeOffset finished = Started.AddSeconds(93.4567891);
        StageTiming[] stages = [new("read", 1.25), new("predict", 0.1 + 0.2), new("relevance", 12345.678901234567), new("report", 5e-7)];
        string[] outputs = ["influx:v2/monitor", "file:/data/reports/2026112512/report.json", "ünïcødé ✓"];

        await ledger.CompleteAsync(Cycle, attempt, finished, stages, outputs);

        CycleRecord record = (await ledger.FindAsync(Cycle))!;
        Assert.Equal(CycleStatus.Done, record.Status);
        Assert.Equal(finished, record.Finished);
        Assert.Equal(finished.UtcTicks, record.Finished!.Value.UtcTicks);
        Assert.Equal(stages, record.Stages);
        Assert.Equal(outputs, record.Outputs);
        Assert.Null(record.Error);
        Assert.Null(record.RetryAt);
        CycleAttempt done = Assert.Single(await ledger.AttemptsAsync(Cycle));
        Assert.Equal("done", done.Outcome);
        Assert.Equal(finished, done.Finished);
    }

    [Fact]
    public async Task Failure_records_reason_and_retry_time_then_status_follows_the_retry()
    {
        using SqliteCycleLedger ledger = NewLedger();
        int first = await ledger.BeginAttemptAsync(Cycle, Started);
        DateTimeOffset retryAt = Started.AddMinutes(10).AddTicks(7);

        await ledger.FailAsync(Cycle, first, Started.AddSeconds(3), "t2m missing in 2026112512/fc_012.nc", retryAt);

        CycleRecord retrying = (await ledger.FindAsync(Cycle))!;
        Assert.Equal(CycleStatus.Retrying, retrying.Status);
        Assert.Equal(retryAt, retrying.RetryAt);
        Assert.Equal("t2m missing in 2026112512/fc_012.nc", retrying.Error);

        int second = await ledger.BeginAttemptAsync(Cycle, retryAt);
        Assert.Equal(2, second);
        CycleRecord running = (await ledger.FindAsync(Cycle))!;
        Assert.Equal(CycleStatus.Running, running.Status);
        Assert.Null(running.Error);
        Assert.Null(running.RetryAt);
        Assert.Equal(Started, running.FirstStarted);
        Assert.Equal(retryAt, running.LastStarted);

        await ledger.FailAsync(Cycle, second, retryAt.AddSeconds(1), "still missing", retryAt: null);

        CycleRecord failed = (await ledger.FindAsync(Cycle))!;
        Assert.Equal(CycleStatus.Failed, failed.Status);
        Assert.Null(failed.RetryAt);
        Assert.Equal(2, failed.Attempts);
        IReadOnlyList<CycleAttempt> attempts = await ledger.AttemptsAsync(Cycle);
        Assert.Equal([1, 2], attempts.Select(a => a.Number));
        Assert.All(attempts, a => Assert.Equal("failed", a.Outcome));
        Assert.Equal("t2m missing in 2026112512/fc_012.nc", attempts[0].Error);
    }

    [Fact]
    public async Task A_running_attempt_left_by_a_dead_process_is_closed_as_abandoned_by_the_next_begin()
    {
        SqliteCycleLedger dying = NewLedger();
        Assert.Equal(1, await dying.BeginAttemptAsync(Cycle, Started));
        dying.Dispose(); // the process dies: no CompleteAsync, no FailAsync

        using SqliteCycleLedger restarted = NewLedger();
        int next = await restarted.BeginAttemptAsync(Cycle, Started.AddMinutes(5));

        Assert.Equal(2, next);
        IReadOnlyList<CycleAttempt> attempts = await restarted.AttemptsAsync(Cycle);
        Assert.Equal(2, attempts.Count);
        Assert.Equal("abandoned", attempts[0].Outcome);
        Assert.Equal("running", attempts[1].Outcome);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => dying.FindAsync(Cycle));

        // The abandoned attempt cannot be completed late by a process that was only slow.
        InvalidOperationException late = await Assert.ThrowsAsync<InvalidOperationException>(
            () => restarted.CompleteAsync(Cycle, 1, Started.AddMinutes(6), [], []));
        Assert.Contains("abandoned", late.Message, StringComparison.Ordinal);
        Assert.Contains("2026112512", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_is_newest_first_within_an_inclusive_init_time_range()
    {
        using SqliteCycleLedger ledger = NewLedger();
        string[] ids = ["2026112500", "2026112418", "2026112506", "2026112512", "2026112600"];
        foreach (string id in ids)
        {
            await ledger.BeginAttemptAsync(CycleId.Parse(id), Started);
        }

        IReadOnlyList<CycleRecord> all = await ledger.ListAsync();
        Assert.Equal(["2026112600", "2026112512", "2026112506", "2026112500", "2026112418"], all.Select(r => r.Cycle.ToString()));

        IReadOnlyList<CycleRecord> range = await ledger.ListAsync(
            new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["2026112512", "2026112506", "2026112500"], range.Select(r => r.Cycle.ToString()));

        IReadOnlyList<CycleRecord> openEnd = await ledger.ListAsync(first: new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc));
        Assert.Equal(["2026112600", "2026112512"], openEnd.Select(r => r.Cycle.ToString()));

        IReadOnlyList<CycleRecord> openStart = await ledger.ListAsync(last: new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Unspecified));
        Assert.Equal(["2026112500", "2026112418"], openStart.Select(r => r.Cycle.ToString()));
    }

    [Fact]
    public async Task Two_instances_on_one_file_interleave_writes_without_losing_or_duplicating_any()
    {
        using SqliteCycleLedger service = NewLedger();
        using SqliteCycleLedger cli = NewLedger();

        // Alternating, on the same cycle: each sees the other's writes.
        int a1 = await service.BeginAttemptAsync(Cycle, Started);
        await cli.FailAsync(Cycle, a1, Started.AddSeconds(1), "operator retry", Started.AddSeconds(2));
        int a2 = await cli.BeginAttemptAsync(Cycle, Started.AddSeconds(2));
        await service.CompleteAsync(Cycle, a2, Started.AddSeconds(3), [new("read", 1)], ["file"]);
        Assert.Equal((1, 2), (a1, a2));
        Assert.Equal(CycleStatus.Done, (await cli.FindAsync(Cycle))!.Status);

        // Concurrently: 2 × 25 begins on one new cycle must hand out 1..50 exactly once each (BEGIN IMMEDIATE
        // serialises read-max-then-insert across connections), and distinct cycles must all land.
        CycleId busy = CycleId.Parse("2026112600");
        Task<int>[] begins = [.. Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? service : cli).BeginAttemptAsync(busy, Started.AddSeconds(i))))];
        Task[] others = [.. Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? cli : service).BeginAttemptAsync(new CycleId(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i)), Started)))];
        await Task.WhenAll([.. begins, .. others]);

        Assert.Equal(Enumerable.Range(1, 50), begins.Select(t => t.Result).Order());
        IReadOnlyList<CycleAttempt> attempts = await service.AttemptsAsync(busy);
        Assert.Equal(50, attempts.Count);
        Assert.Equal(49, attempts.Count(a => a.Outcome == "abandoned"));
        Assert.Equal(50, attempts.Single(a => a.Outcome == "running").Number);
        Assert.Equal(22, (await cli.ListAsync()).Count);
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_version_is_refused_naming_the_file()
    {
        string path = _directory.File(SqliteCycleLedger.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteCycleLedger.SchemaVersion + 1};";
            command.ExecuteNonQuery();
        }

        using SqliteCycleLedger ledger = NewLedger();
        StateSchemaException refused = await Assert.ThrowsAsync<StateSchemaException>(() => ledger.BeginAttemptAsync(Cycle, Started));

        Assert.Equal(path, refused.DatabasePath);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"version {SqliteCycleLedger.SchemaVersion + 1}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_with_the_schema_version_recorded()
    {
        using (SqliteCycleLedger ledger = NewLedger())
        {
            await ledger.BeginAttemptAsync(Cycle, Started);
        }

        using var connection = new SqliteConnection($"Data Source={_directory.File(SqliteCycleLedger.FileName)};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteCycleLedger.SchemaVersion, command.ExecuteScalar());
        command.CommandText = "SELECT started FROM attempts";
        Assert.Equal("2026-11-25T13:04:05.1234567Z", command.ExecuteScalar());
    }
}
