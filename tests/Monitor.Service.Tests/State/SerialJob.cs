using Quartz;

namespace Monitor.Service.Tests.State;

/// <summary>A test job that must never overlap itself; it holds each run long enough for an overlap to show.</summary>
[DisallowConcurrentExecution]
internal sealed class SerialJob(JobProbe probe, HostTag host) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        using (probe.Enter())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(700), cancellationToken);
        }

        probe.Record(new JobRun(host.Name, context.JobDetail.Key.ToString(), context.Trigger.Key.ToString(), null, 1,
            context.FireTimeUtc, context.ScheduledFireTimeUtc, started, DateTimeOffset.UtcNow));
    }
}
