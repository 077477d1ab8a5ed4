using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>The two trigger shapes the monitor schedules, each with the misfire instruction it needs.</summary>
/// <remarks>
/// A trigger misfires when it is more than the store's misfire threshold past due — normally because the service was
/// down. What happens then is the trigger's instruction, chosen here per shape so nobody relies on a smart policy.
/// </remarks>
public static class MonitorSchedules
{
    /// <summary>
    /// One firing, at the trigger's start time (processing one cycle, or a retry of it). Misfire: <c>FireNow</c> — a
    /// cycle whose processing fell due while the service was down must still be processed, once, as soon as it is back.
    /// </summary>
    public static SimpleScheduleBuilder OneShot()
    {
        return SimpleScheduleBuilder.Create()
            .WithRepeatCount(0)
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow);
    }

    /// <summary>
    /// Every <paramref name="interval"/> for ever (the inbox scan). Misfire: <c>NextWithRemainingCount</c> — wait for
    /// the next slot on the original grid. The scan is idempotent and looks at the whole inbox, so a missed scan loses
    /// nothing and the next one is at most one interval away; firing now, or once per missed slot, would only add a
    /// burst of scans after every outage (or every restart of a crash-looping service).
    /// </summary>
    /// <param name="interval">Time between scans.</param>
    public static SimpleScheduleBuilder Repeating(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return SimpleScheduleBuilder.Create()
            .WithInterval(interval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount);
    }

    /// <summary>
    /// At the times of a cron expression, in UTC (the nightly climatology update). Misfire: <c>FireAndProceed</c> — a
    /// night missed while the service was down is made up once when it is back (the update is exact and idempotent),
    /// then the schedule goes on.
    /// </summary>
    /// <param name="cron">A Quartz cron expression.</param>
    public static CronScheduleBuilder Cron(string cron) =>
        CronScheduleBuilder.Create(cron).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);
}
