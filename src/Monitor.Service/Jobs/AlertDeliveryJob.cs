using Monitor.Core.Alerts;
using Monitor.Service.Hosting;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Drains the alert outbox (<c>Monitor:Alerts:Outbox:IntervalSeconds</c>) and records the outcome and the outbox's
/// state in the metrics. Without an SMTP server (<c>Monitor:Alerts:Smtp:Host</c> empty) it only reads the outbox's
/// state, so a growing queue still shows on /metrics. A thin shell: <see cref="AlertDelivery"/> does the work.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AlertDeliveryJob(IAlertOutbox outbox, IEnumerable<AlertDelivery> deliveries, MonitorMetrics metrics) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("deliver-alerts", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        AlertDelivery? delivery = deliveries.FirstOrDefault();
        if (delivery is null)
        {
            metrics.Record(await outbox.StatusAsync(cancellationToken).ConfigureAwait(false));
            return;
        }

        metrics.Record(await delivery.DeliverDueAsync(cancellationToken).ConfigureAwait(false));
    }
}
