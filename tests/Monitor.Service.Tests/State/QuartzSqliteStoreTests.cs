using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Monitor.Service.Adapters.State;
using Monitor.Service.Jobs;
using Quartz;
using Quartz.Impl.AdoJobStore;

namespace Monitor.Service.Tests.State;

public sealed class QuartzSqliteStoreTests : IDisposable
{
    private readonly TempStateDirectory _directory = new();
    private readonly JobProbe _probe = new();

    public void Dispose()
    {
        _directory.Dispose();
        _probe.Dispose();
    }

    private string StorePath => _directory.File(SqliteJobStoreExtensions.FileName);

    private static JobKey ProcessKey(string cycle) => new($"process-{cycle}", "cycles");

    private static IJobDetail ProcessJob(string cycle, bool failFirst = false) =>
        JobBuilder.Create<RecordingJob>()
            .WithIdentity(ProcessKey(cycle))
            .UsingJobData(RecordingJob.CycleKey, cycle)
            .UsingJobData(RecordingJob.FailFirstKey, failFirst ? "yes" : "no")
            .Build();

    private static ITrigger OneShotAt(JobKey job, DateTimeOffset at) =>
        TriggerBuilder.Create()
            .WithIdentity($"{job.Name}-attempt-1", job.Group)
            .ForJob(job)
            .UsingJobData(RecordingJob.AttemptKey, 1)
            .StartAt(at)
            .WithSchedule(MonitorSchedules.OneShot())
            .Build();

    [Fact]
    public async Task A_job_scheduled_in_one_host_is_found_and_fired_by_a_new_host_on_the_same_file()
    {
        JobKey job = ProcessKey("2026112512");
        await using (QuartzTestHost first = await QuartzTestHost.StartAsync(StorePath, _probe, "first"))
        {
            await first.Scheduler.ScheduleJob(ProcessJob("2026112512"), OneShotAt(job, DateTimeOffset.UtcNow.AddSeconds(4)), default);
        }

        Assert.Empty(_probe.Runs);
        await using QuartzTestHost second = await QuartzTestHost.StartAsync(StorePath, _probe, "second", TimeSpan.FromSeconds(30));
        await _probe.WaitForRunsAsync(1);

        JobRun run = Assert.Single(_probe.Runs);
        Assert.Equal("second", run.Host);
        Assert.Equal(job.ToString(), run.Job);
        Assert.Equal("2026112512", run.Cycle);
        Assert.Equal(1, run.Attempt);
    }

    [Fact]
    public async Task A_one_shot_trigger_missed_while_down_fires_exactly_once_after_restart()
    {
        JobKey job = ProcessKey("2026112518");
        JobKey contrast = ProcessKey("2026112606");
        var contrastTrigger = new TriggerKey("contrast", "cycles");
        DateTimeOffset due = DateTimeOffset.UtcNow.AddSeconds(2);
        await using (QuartzTestHost first = await QuartzTestHost.StartAsync(StorePath, _probe, "first"))
        {
            await first.Scheduler.ScheduleJob(ProcessJob("2026112518"), OneShotAt(job, due), default);

            // The same one-shot with "next with remaining count": the policy the monitor does NOT use for cycles.
            await first.Scheduler.ScheduleJob(ProcessJob("2026112606"), TriggerBuilder.Create().WithIdentity(contrastTrigger).ForJob(contrast)
                .StartAt(due).WithSchedule(SimpleScheduleBuilder.Create().WithRepeatCount(0)
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build(), default);
        }

        // Down until the fire time is more than the 1 s misfire threshold past.
        await Task.Delay(due.AddSeconds(2.5) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        QuartzTestHost second = await QuartzTestHost.StartAsync(StorePath, _probe, "second");
        await _probe.WaitForRunsAsync(1);
        Assert.False(await second.Scheduler.Exists(new TriggerKey($"{job.Name}-attempt-1", job.Group), default));
        Assert.False(await second.Scheduler.Exists(contrastTrigger, default));
        await second.DisposeAsync();

        // FireNow: fired once, after the restart, for the slot it missed. The contrast trigger's misfire completed it
        // unfired, which is what would lose a cycle.
        JobRun run = Assert.Single(_probe.Runs);
        Assert.Equal("second", run.Host);
        Assert.Equal(job.ToString(), run.Job);
        Assert.True(run.Fired >= second.StartedAt, $"fired {run.Fired:o}, before the restart at {second.StartedAt:o}");
        Assert.True(run.Fired - due > TimeSpan.FromSeconds(1), "the trigger was not missed by more than the threshold");
    }

    [Fact]
    public async Task A_repeating_scan_missed_while_down_resumes_on_its_grid_without_a_burst()
    {
        // 4 s slots, down for 6 s: the two missed slots are 6 s and 2 s past the 1 s misfire threshold's start when the
        // host returns, and the next slot 2 s ahead — margins that hold on a loaded machine (with 2 s slots and 1.2 s
        // margins a host that took 4.5 s to start under load fired a slot it should have skipped).
        TimeSpan interval = TimeSpan.FromSeconds(4);
        DateTimeOffset start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2);
        var scan = new JobKey("inbox-scan", "monitor");
        await using (QuartzTestHost first = await QuartzTestHost.StartAsync(StorePath, _probe, "first"))
        {
            IJobDetail detail = JobBuilder.Create<RecordingJob>().WithIdentity(scan).StoreDurably().Build();
            ITrigger trigger = TriggerBuilder.Create().WithIdentity("inbox-scan", "monitor").ForJob(scan)
                .StartAt(start).WithSchedule(MonitorSchedules.Repeating(interval)).Build();
            await first.Scheduler.ScheduleJob(detail, trigger, default);
        }

        // Down across two slots (start, +4 s), both more than the 1 s threshold past when the host returns at +6 s.
        await Task.Delay(start.AddSeconds(6) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        DateTimeOffset restart = DateTimeOffset.UtcNow;
        await using QuartzTestHost second = await QuartzTestHost.StartAsync(StorePath, _probe, "second");
        await _probe.WaitForRunsAsync(2);
        await second.StopAsync();

        IReadOnlyList<JobRun> runs = _probe.Runs;
        Assert.All(runs, run => Assert.Equal("second", run.Host));
        Assert.All(runs, run =>
        {
            // NextWithRemainingCount: no missed slot is replayed, and the schedule stays on its original grid
            // (FireNow would re-anchor it at the restart, IgnoreMisfires would replay the missed slots).
            Assert.NotNull(run.Scheduled);
            Assert.True(run.Scheduled >= restart, $"slot {run.Scheduled:o} was missed before the restart at {restart:o}");
            Assert.Equal(0, (run.Scheduled!.Value - start).Ticks % interval.Ticks);
        });
    }

    [Fact]
    public async Task A_job_that_disallows_concurrent_execution_never_runs_twice_at_once_with_two_triggers()
    {
        await using QuartzTestHost host = await QuartzTestHost.StartAsync(StorePath, _probe, "only");
        var job = new JobKey("serial", "monitor");
        DateTimeOffset at = DateTimeOffset.UtcNow.AddMilliseconds(500);
        IJobDetail detail = JobBuilder.Create<SerialJob>().WithIdentity(job).StoreDurably().Build();
        ITrigger[] triggers = [.. new[] { "a", "b" }.Select(name => TriggerBuilder.Create().WithIdentity(name, "monitor").ForJob(job)
            .StartAt(at).WithSchedule(MonitorSchedules.OneShot()).Build())];

        await host.Scheduler.ScheduleJob(detail, triggers, default, default);
        await _probe.WaitForRunsAsync(2);

        Assert.True(detail.ConcurrentExecutionDisallowed);
        Assert.Equal(1, _probe.MaxConcurrent);
        JobRun[] runs = [.. _probe.Runs.OrderBy(r => r.Started)];
        Assert.Equal(["monitor.a", "monitor.b"], runs.Select(r => r.Trigger).Order());
        Assert.True(runs[1].Started >= runs[0].Ended, "the second run began before the first ended");
    }

    [Fact]
    public async Task A_failed_run_schedules_its_retry_as_a_new_trigger_on_the_same_job_key()
    {
        await using QuartzTestHost host = await QuartzTestHost.StartAsync(StorePath, _probe, "only");
        JobKey job = ProcessKey("2026112600");

        await host.Scheduler.ScheduleJob(ProcessJob("2026112600", failFirst: true), OneShotAt(job, DateTimeOffset.UtcNow), default);
        await _probe.WaitForRunsAsync(2);

        JobRun[] runs = [.. _probe.Runs.OrderBy(r => r.Attempt)];
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        Assert.All(runs, r => Assert.Equal("2026112600", r.Cycle));
        Assert.All(runs, r => Assert.Equal(job.ToString(), r.Job));
        Assert.Equal("cycles.process-2026112600-attempt-2", runs[1].Trigger);
    }

    [Fact]
    public async Task Start_up_registration_keeps_the_stored_schedule_and_never_duplicates_it_on_restart()
    {
        var scan = new JobKey("inbox-scan", "monitor");
        var triggerKey = new TriggerKey("inbox-scan", "monitor");
        DateTimeOffset firstStart = DateTimeOffset.UtcNow.AddHours(1);
        for (int restart = 0; restart < 2; restart++)
        {
            await using QuartzTestHost host = await QuartzTestHost.StartAsync(StorePath, _probe, $"host-{restart}");
            IJobDetail detail = JobBuilder.Create<RecordingJob>().WithIdentity(scan).StoreDurably().Build();
            ITrigger trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(scan)
                .StartAt(firstStart.AddMinutes(restart)).WithSchedule(MonitorSchedules.Repeating(TimeSpan.FromMinutes(5))).Build();

            await host.Scheduler.AddJob(detail, AddJobOptions.Replacing, default);
            await host.Scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, default);

            ITrigger? stored = await host.Scheduler.GetTrigger(triggerKey, default);
            Assert.Equal(firstStart, stored!.StartTimeUtc);
        }

        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = $"SELECT (SELECT COUNT(*) FROM QRTZ_{AdoConstants.TableJobDetails}) || '/' || (SELECT COUNT(*) FROM QRTZ_{AdoConstants.TableTriggers})";
        Assert.Equal("1/1", count.ExecuteScalar());

        // docs/state.md reads fire times as UTC ticks.
        count.CommandText = $"SELECT {AdoConstants.ColumnNextFireTime} FROM QRTZ_{AdoConstants.TableTriggers}";
        Assert.Equal(firstStart.UtcTicks, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public void EnsureCreated_twice_is_harmless_and_creates_every_table_the_store_uses()
    {
        QuartzSqliteSchema.EnsureCreated(StorePath);
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('s', 'TRIGGER_ACCESS')";
            insert.ExecuteNonQuery();
        }

        QuartzSqliteSchema.EnsureCreated(StorePath);

        using var check = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        check.Open();
        using SqliteCommand command = check.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM QRTZ_LOCKS";
        Assert.Equal(1L, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        string[] tables =
        [
            AdoConstants.TableJobDetails, AdoConstants.TableTriggers, AdoConstants.TableSimpleTriggers,
            AdoConstants.TableSimplePropertiesTriggers, AdoConstants.TableCronTriggers, AdoConstants.TableBlobTriggers,
            AdoConstants.TableFiredTriggers, AdoConstants.TableCalendars, AdoConstants.TablePausedTriggers,
            AdoConstants.TablePausedJobs, AdoConstants.TableLocks, AdoConstants.TableSchedulerState,
        ];
        foreach (string table in tables)
        {
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = @name";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("@name", AdoConstants.DefaultTablePrefix + table);
            Assert.True(1L == (long)command.ExecuteScalar()!, $"table {AdoConstants.DefaultTablePrefix}{table} missing");
        }
    }

    [Fact]
    public async Task The_store_validates_the_schema_at_start_so_a_missing_column_stops_the_host()
    {
        QuartzSqliteSchema.EnsureCreated(StorePath);
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand drop = connection.CreateCommand();
            drop.CommandText = $"ALTER TABLE QRTZ_TRIGGERS DROP COLUMN {AdoConstants.ColumnFixedDelay}";
            drop.ExecuteNonQuery();
        }

        using IHost host = QuartzTestHost.Build(StorePath, _probe, "broken", TimeSpan.FromSeconds(1));
        Exception refused = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains(AdoConstants.ColumnFixedDelay, refused.ToString(), StringComparison.Ordinal);
    }
}
