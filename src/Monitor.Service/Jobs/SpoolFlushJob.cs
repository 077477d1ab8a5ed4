using Monitor.Service.Adapters.Influx;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Delivers what the InfluxDB spool holds, oldest first (<c>Influx:FlushIntervalSeconds</c>). A thin shell: the
/// spool keeps order, stops at a transient failure and logs what it could not deliver.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SpoolFlushJob(InfluxPointSink sink) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("flush-influx-spool", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
}
