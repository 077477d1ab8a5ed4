using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Service.Hosting;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Processes one cycle (job key <c>process-{cycle}</c>): finds its files in the inbox and runs
/// <see cref="CycleHandler"/>; a transient failure with attempts left is answered with a new trigger at the retry time.
/// Cycles are processed one at a time (<see cref="CycleGate"/>): two on 2 cores would only slow both.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ProcessCycleJob(InboxScanner scanner, CycleHandler handler, CycleGate gate, MonitorMetrics metrics, ServiceStatus status,
    TimeProvider time, ILogger<ProcessCycleJob> logger) : IJob
{
    /// <summary>The job group of per-cycle jobs.</summary>
    public const string Group = "cycles";

    private const string CycleKey = "cycle";
    private const string ForceKey = "force";

    /// <summary>The key of the job processing <paramref name="cycle"/>.</summary>
    public static JobKey KeyOf(CycleId cycle) => new($"process-{cycle}", Group);

    /// <summary>Schedules <paramref name="cycle"/> to run now unless its job already exists; true when scheduled.</summary>
    public static async Task<bool> ScheduleAsync(IScheduler scheduler, CycleId cycle, bool force, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(time);
        JobKey key = KeyOf(cycle);
        if (await scheduler.Exists(key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        IJobDetail job = JobBuilder.Create<ProcessCycleJob>()
            .WithIdentity(key)
            .WithDescription($"Process cycle {cycle}")
            .UsingJobData(CycleKey, cycle.ToString())
            .UsingJobData(ForceKey, force.ToString(CultureInfo.InvariantCulture))
            .RequestRecovery(true)
            .Build();
        await scheduler.ScheduleJob(job, Trigger(key, time.GetUtcNow(), "first", time), cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        CycleId cycle = CycleId.Parse(context.MergedJobDataMap.GetString(CycleKey)!);
        bool force = bool.Parse(context.MergedJobDataMap.GetString(ForceKey) ?? "false");
        CycleCandidate? candidate = scanner.Scan().FirstOrDefault(c => c.Cycle == cycle);
        if (candidate is null)
        {
            LogGone(logger, cycle.ToString());
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        CycleOutcome outcome;
        try
        {
            outcome = await handler.HandleAsync(cycle, candidate.Files, force, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        metrics.Record(outcome);
        status.Handled(outcome);
        if (outcome.RetryAt is DateTimeOffset due)
        {
            // A new trigger for the same job keeps it (non-durable jobs go when their last trigger completes).
            await context.Scheduler.ScheduleJob(Trigger(KeyOf(cycle), due, $"retry-{outcome.Attempt + 1}", time), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static ITrigger Trigger(JobKey job, DateTimeOffset at, string name, TimeProvider time) =>
        TriggerBuilder.Create(time)
            .WithIdentity($"{job.Name}-{name}", Group)
            .ForJob(job)
            .StartAt(at)
            .WithSchedule(MonitorSchedules.OneShot())
            .Build();

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Cycle {Cycle}: its files are no longer in the inbox; nothing to process")]
    private static partial void LogGone(ILogger logger, string cycle);
}
