using Microsoft.Extensions.Logging;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Influx;

/// <summary>Log messages of the InfluxDB adapter; event ids 3100–3199 are reserved for it.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug,
        Message = "Spooled batch {BatchKey} ({Lines} lines) in {SpoolPath}; {PendingBatches} batches ({PendingBytes} bytes) wait for {Destination}")]
    public static partial void Spooled(this ILogger logger, string batchKey, int lines, string spoolPath, int pendingBatches, long pendingBytes,
        string destination);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error,
        Message = "Refused batch {BatchKey}: {Reason}")]
    public static partial void SpoolFull(this ILogger logger, string batchKey, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Delivered {Batches} batches ({Lines} lines) to {Destination} in {ElapsedMilliseconds:0} ms; {PendingBatches} batches still pending")]
    public static partial void Delivered(this ILogger logger, int batches, long lines, string destination, double elapsedMilliseconds, int pendingBatches);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "InfluxDB unavailable ({Reason}); {PendingBatches} batches ({PendingLines} lines, oldest {OldestAge}) kept in {SpoolPath} and retried by the next flush")]
    public static partial void DeliveryDeferred(this ILogger logger, string reason, int pendingBatches, long pendingLines, TimeSpan? oldestAge, string spoolPath);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error,
        Message = "{Destination} rejected batch {BatchKey} (HTTP {Status}): {Reply}. Moved to {RejectedPath} beside a .reason file; fix the lines and re-send it (docs/influxdb.md)")]
    public static partial void BatchRejected(this ILogger logger, string destination, string batchKey, int status, string reply, string rejectedPath);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error,
        Message = "{Destination} refuses every write ({Reason}); check Influx:User/Password/Token and that the database or bucket exists. {PendingBatches} batches kept in {SpoolPath}")]
    public static partial void DestinationRefused(this ILogger logger, string destination, string reason, int pendingBatches, string spoolPath);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information,
        Message = "InfluxDB at {Url} reports version {Version}; using the {Api} API (set Influx:Api to override)")]
    public static partial void ApiDetected(this ILogger logger, string url, string version, InfluxApi api);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information,
        Message = "InfluxDB spool {SpoolPath} holds {PendingBatches} batches ({PendingLines} lines) from before; they are delivered first")]
    public static partial void SpoolRecovered(this ILogger logger, string spoolPath, int pendingBatches, long pendingLines);
}
