using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts;

namespace Monitor.Service.Adapters.State;

/// <summary>Log messages of the state adapters (cycle ledger, alert outbox, Quartz store); event ids 3200–3299 stay stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information,
        Message = "State database {Path} created at schema version {Version}")]
    public static partial void LedgerCreated(ILogger logger, string path, int version);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug,
        Message = "State database {Path} opened at schema version {Version}")]
    public static partial void LedgerOpened(ILogger logger, string path, int version);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning,
        Message = "Cycle {Cycle}: attempt {Attempt} was still running when attempt {Next} began; its process stopped without an outcome, recorded as abandoned")]
    public static partial void AttemptAbandoned(ILogger logger, string cycle, int attempt, int next);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug,
        Message = "Cycle {Cycle}: attempt {Attempt} began")]
    public static partial void AttemptBegan(ILogger logger, string cycle, int attempt);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug,
        Message = "Cycle {Cycle}: attempt {Attempt} done with {Outputs} outputs")]
    public static partial void AttemptCompleted(ILogger logger, string cycle, int attempt, int outputs);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug,
        Message = "Cycle {Cycle}: attempt {Attempt} failed ({Status}, retry at {RetryAt}): {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string cycle, int attempt, string status, DateTimeOffset? retryAt, string reason);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information,
        Message = "State database {Path} migrated from schema version {From} to {To}")]
    public static partial void LedgerMigrated(ILogger logger, string path, int from, int to);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information,
        Message = "Alert {Key} r{Revision} ({Rule}, {Severity}) stored in the outbox")]
    public static partial void AlertEnqueued(ILogger logger, string key, int revision, string rule, AlertSeverity severity);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Debug,
        Message = "Alert {Key} r{Revision} is already in the outbox; not stored again")]
    public static partial void AlertDuplicate(ILogger logger, string key, int revision);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Warning,
        Message = "Alert {Key} r{Revision}: the claim was no longer held, outcome ({Outcome}) not recorded")]
    public static partial void ClaimLost(ILogger logger, string key, int revision, string outcome);
}
