using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Monitoring;
using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using Monitor.Service.Jobs;
using Monitor.Service.Options;
using Quartz;

namespace Monitor.Service.Hosting;

/// <summary>
/// Runs before the scheduler starts: loads the models, climatology and regimes and builds the cycle processor (a bad
/// file, or a climatology that lacks an input the explanations are measured from, stops the service here, named,
/// instead of failing every cycle), reports the verified convolution kernels, and schedules the inbox scan, the
/// alert delivery and the health check.
/// </summary>
public sealed partial class StartupCheck(MonitorResources resources, CycleProcessor processor, ISchedulerFactory schedulers, IOptions<InboxSettings> inbox,
    IOptions<DataOptions> data, IOptions<MonitorSettings> monitor, IOptions<InfluxOptions> influx, IOptions<AlertSmtpOptions> smtp,
    IOptions<AlertOutboxOptions> outbox, IOptions<AlertRulesOptions> alertRules, TimeProvider time, ILogger<StartupCheck> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogKernels(logger, TorchRuntime.Kernels);
            foreach (MonitoredModel model in resources.Models)
            {
                LogModel(logger, model.Model.Spec.Name, model.Model.Spec.Target, model.Model.Spec.Inputs, model.Patterns is not null);
            }

            LogResources(logger, resources.Climatology?.Location ?? "none", resources.Regimes?.Info.Variable ?? "none", data.Value.InboxDirectory);
            LogReference(logger, processor.ExplanationReference);
            LogAlerts(logger, smtp.Value.Enabled ? smtp.Value.ToString() : "off (Monitor:Alerts:Smtp:Host not set; alerts stay in the outbox)");
        }

        Directory.CreateDirectory(data.Value.InboxDirectory);
        IScheduler scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await ScheduleAsync<CycleScanJob>(scheduler, CycleScanJob.Key, "Scan the inbox for complete cycles",
            MonitorSchedules.Repeating(TimeSpan.FromSeconds(inbox.Value.ScanIntervalSeconds)), cancellationToken).ConfigureAwait(false);
        MonitorSettings settings = monitor.Value;
        if (!string.IsNullOrEmpty(settings.ClimatologyArchive))
        {
            await ScheduleAsync<ClimatologyJob>(scheduler, ClimatologyJob.Key, "Update the percentile climatology",
                MonitorSchedules.Cron(settings.ClimatologyUpdateCron), cancellationToken).ConfigureAwait(false);
        }

        await ScheduleAsync<AlertDeliveryJob>(scheduler, AlertDeliveryJob.Key, "Deliver the alert outbox",
            MonitorSchedules.Repeating(TimeSpan.FromSeconds(outbox.Value.IntervalSeconds)), cancellationToken).ConfigureAwait(false);
        if (alertRules.Value.HealthRecipients.Count > 0)
        {
            await ScheduleAsync<HealthAlertJob>(scheduler, HealthAlertJob.Key, "Check the service's health",
                MonitorSchedules.Repeating(TimeSpan.FromMinutes(alertRules.Value.HealthCheckMinutes)), cancellationToken).ConfigureAwait(false);
        }

        if (influx.Value.Enabled)
        {
            await ScheduleAsync<SpoolFlushJob>(scheduler, SpoolFlushJob.Key, "Deliver the InfluxDB spool",
                MonitorSchedules.Repeating(TimeSpan.FromSeconds(influx.Value.FlushIntervalSeconds)), cancellationToken).ConfigureAwait(false);
            if (influx.Value.ServiceStatusSeconds > 0)
            {
                await ScheduleAsync<ServiceStatusJob>(scheduler, ServiceStatusJob.Key, "Write the service's own state to InfluxDB",
                    MonitorSchedules.Repeating(TimeSpan.FromSeconds(influx.Value.ServiceStatusSeconds)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stores a service job with its one trigger (named like the job), replacing what a previous start stored, so a
    /// changed interval or cron expression takes effect at the next start.
    /// </summary>
    private async Task ScheduleAsync<TJob>(IScheduler scheduler, JobKey key, string description, IScheduleBuilder schedule, CancellationToken cancellationToken)
        where TJob : IJob
    {
        IJobDetail job = JobBuilder.Create<TJob>().WithIdentity(key).WithDescription(description).Build();
        ITrigger trigger = TriggerBuilder.Create(time).WithIdentity(key.Name, key.Group).ForJob(key).StartNow().WithSchedule(schedule).Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Convolution kernels: {Kernels}")]
    private static partial void LogKernels(ILogger logger, KernelReport kernels);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Model {Model}: {Target} from {Inputs} (relevance patterns: {Patterns})")]
    private static partial void LogModel(ILogger logger, string model, string target, IReadOnlyList<string> inputs, bool patterns);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Climatology {Climatology}; regimes of {Regimes}; watching {Inbox}")]
    private static partial void LogResources(ILogger logger, string climatology, string regimes, string inbox);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Explanations are measured from: {Reference}")]
    private static partial void LogReference(ILogger logger, ReferenceKind reference);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "E-mail alerts: {Smtp}")]
    private static partial void LogAlerts(ILogger logger, string smtp);
}
