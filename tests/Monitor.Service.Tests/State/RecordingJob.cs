using Quartz;

namespace Monitor.Service.Tests.State;

/// <summary>A test job that records its run; with <c>failFirst</c> set it schedules a retry the way ProcessCycleJob will.</summary>
internal sealed class RecordingJob(JobProbe probe, HostTag host) : IJob
{
    public const string CycleKey = "cycle";
    public const string AttemptKey = "attempt";
    public const string FailFirstKey = "failFirst";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        JobDataMap data = context.MergedJobDataMap;
        data.TryGetString(CycleKey, out string? cycle);
        int attempt = data.TryGetInt(AttemptKey, out int a) ? a : 1;

        if (attempt == 1 && data.TryGetString(FailFirstKey, out string? failFirst) && failFirst == "yes")
        {
            // A retry is a new one-shot trigger on the same job key, after a backoff, carrying the next attempt number.
            ITrigger retry = TriggerBuilder.Create()
                .WithIdentity($"{context.JobDetail.Key.Name}-attempt-{attempt + 1}", context.JobDetail.Key.Group)
                .ForJob(context.JobDetail.Key)
                .UsingJobData(AttemptKey, attempt + 1)
                .StartAt(DateTimeOffset.UtcNow.AddMilliseconds(300))
                .WithSchedule(Monitor.Service.Jobs.MonitorSchedules.OneShot())
                .Build();
            await context.Scheduler.ScheduleJob(retry, default, cancellationToken);
        }

        probe.Record(new JobRun(host.Name, context.JobDetail.Key.ToString(), context.Trigger.Key.ToString(), cycle, attempt,
            context.FireTimeUtc, context.ScheduledFireTimeUtc, started, DateTimeOffset.UtcNow));
    }
}
