using Monitor.Core.Monitoring.Ports;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Delivers what the buffering sinks (the InfluxDB spool) hold, oldest first (<c>Influx:FlushIntervalSeconds</c>). A
/// thin shell: the spool keeps order, stops at a transient failure and logs what it could not deliver.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SpoolFlushJob(IEnumerable<IBufferedPointSink> sinks) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("flush-influx-spool", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (IBufferedPointSink sink in sinks)
        {
            await sink.FlushStoredAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
