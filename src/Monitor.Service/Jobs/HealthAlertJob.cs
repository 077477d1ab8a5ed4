using Monitor.Service.Hosting;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>Checks the service's health (<see cref="HealthAlerts"/>) every <c>Monitor:Alerts:HealthCheckMinutes</c>; an hour is evaluated once.</summary>
[DisallowConcurrentExecution]
public sealed class HealthAlertJob(HealthAlerts health) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("health-alerts", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await health.CheckAsync(cancellationToken).ConfigureAwait(false);
}
