using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Hosting;
using Monitor.Service.Options;
using Quartz;

namespace Monitor.Service.Jobs;

/// <summary>
/// Scans the inbox and schedules one <see cref="ProcessCycleJob"/> per complete cycle that the ledger has not done,
/// is not waiting for a retry and is not already scheduled. A thin shell: deciding "complete" is
/// <see cref="InboxScanner"/>'s, processing is <see cref="Core.Monitoring.CycleHandler"/>'s.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class CycleScanJob(InboxScanner scanner, ICycleLedger ledger, IOptions<InboxSettings> inbox, ServiceStatus status,
    TimeProvider time, ILogger<CycleScanJob> logger) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("scan-inbox", "service");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<CycleCandidate> candidates;
        try
        {
            candidates = scanner.Scan();
        }
        catch (DirectoryNotFoundException ex)
        {
            LogInboxMissing(logger, ex.Message);
            return;
        }

        status.Scanned(time.GetUtcNow());
        DateTime now = time.GetUtcNow().UtcDateTime;
        foreach (CycleCandidate candidate in candidates.Where(c => c.Readiness == CycleReadiness.Complete))
        {
            if (inbox.Value.MaxAgeHours > 0 && now - candidate.Cycle.InitTime > TimeSpan.FromHours(inbox.Value.MaxAgeHours))
            {
                continue;
            }

            CycleRecord? record = await ledger.FindAsync(candidate.Cycle, cancellationToken).ConfigureAwait(false);
            bool waiting = record is { Status: CycleStatus.Retrying, RetryAt: DateTimeOffset due } && due > time.GetUtcNow();
            if (record is { Status: CycleStatus.Done or CycleStatus.Failed } || waiting)
            {
                continue;
            }

            if (await ProcessCycleJob.ScheduleAsync(context.Scheduler, candidate.Cycle, force: false, time, cancellationToken).ConfigureAwait(false)
                && logger.IsEnabled(LogLevel.Information))
            {
                string state = record is null ? "new" : $"{record.Status.ToString().ToLowerInvariant()} after {record.Attempts} attempt(s)";
                LogScheduled(logger, candidate.Cycle, state);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Inbox scan: {Reason}; create it or set Inbox/Data:Inbox")]
    private static partial void LogInboxMissing(ILogger logger, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Cycle {Cycle} complete in the inbox ({State}): scheduled for processing")]
    private static partial void LogScheduled(ILogger logger, CycleId cycle, string state);
}
