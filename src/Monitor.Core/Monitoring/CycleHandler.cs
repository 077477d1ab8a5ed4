using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// The process-a-cycle use case around <see cref="CycleProcessor"/>: skips a cycle the ledger has done (unless forced),
/// records the attempt, processes, writes <c>report.json</c> and <c>extremes.json</c> under the cycle's report
/// directory and the points to every sink, and records the outcome. A failure is recorded with its reason and, when
/// transient and attempts remain, a retry time; bad data (a corrupt file, a missing variable, another grid) is
/// permanent. Idempotent: processing a cycle again rewrites the same files and points.
/// </summary>
public sealed partial class CycleHandler
{
    /// <summary>The extremes file beside report.json, read back to link the next cycle's tracks.</summary>
    public const string ExtremesFileName = "extremes.json";

    /// <summary>The ledger's stage name for writing the page (report.html), after the processing stages.</summary>
    public const string PageStage = "page";

    private readonly CycleProcessor _processor;
    private readonly CycleAlerts? _alerts;
    private readonly IAlertIllustrator? _illustrator;
    private readonly IReportPage? _page;
    private readonly ICycleLedger _ledger;
    private readonly IReadOnlyList<IPointSink> _sinks;
    private readonly string _reports;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _heapReleaseInterval;
    private int _cyclesSinceRelease;

    /// <summary>A handler writing reports under <paramref name="reportsDirectory"/>/&lt;cycle&gt;/.</summary>
    /// <param name="processor">Runs the stages.</param>
    /// <param name="ledger">Records the attempts.</param>
    /// <param name="sinks">Receive the points.</param>
    /// <param name="reportsDirectory">Where report.json and extremes.json go.</param>
    /// <param name="retry">When transient failures are retried.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="alerts">The alert stage after processing, or null for none.</param>
    /// <param name="illustrator">Draws the regions of alerts (relevance maps), or null.</param>
    /// <param name="page">Writes the page people read (report.html) after report.json, or null for none.</param>
    /// <param name="heapReleaseInterval">
    /// Every this many cycles the native heap's free pages go back to the kernel (docs/platform.md): every cycle keeps
    /// the resident set lowest but re-faults the pages each time (0.8 s of an 18 s W2 cycle); every 10 amortises that.
    /// </param>
    public CycleHandler(CycleProcessor processor, ICycleLedger ledger, IEnumerable<IPointSink> sinks, string reportsDirectory, RetryPolicy retry,
        TimeProvider time, ILogger<CycleHandler> logger, CycleAlerts? alerts = null, IAlertIllustrator? illustrator = null, IReportPage? page = null,
        int heapReleaseInterval = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heapReleaseInterval);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentException.ThrowIfNullOrEmpty(reportsDirectory);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _processor = processor;
        _ledger = ledger;
        _sinks = [.. sinks];
        _reports = reportsDirectory;
        _retry = retry;
        _time = time;
        _logger = logger;
        _heapReleaseInterval = heapReleaseInterval;
        _alerts = alerts;
        _illustrator = illustrator;
        _page = page;
    }

    /// <summary>The report directory of <paramref name="cycle"/>.</summary>
    public string ReportDirectory(CycleId cycle) => Path.Combine(_reports, cycle.ToString());

    /// <summary>Processes <paramref name="cycle"/> from <paramref name="files"/> unless the ledger has it done and <paramref name="force"/> is false.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the attempt stays 'running' in the ledger and the next one closes it as abandoned.</exception>
    public async Task<CycleOutcome> HandleAsync(CycleId cycle, IReadOnlyList<string> files, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!force && await _ledger.FindAsync(cycle, cancellationToken).ConfigureAwait(false) is { Status: CycleStatus.Done })
        {
            LogSkipped(_logger, cycle);
            return new CycleOutcome(cycle, CycleOutcomeStatus.Skipped, 0, null, null, null);
        }

        DateTimeOffset started = _time.GetUtcNow();
        int attempt = await _ledger.BeginAttemptAsync(cycle, started, cancellationToken).ConfigureAwait(false);
        LogStarted(_logger, cycle, attempt, files.Count);
        try
        {
            CycleExtremes? previous = PreviousExtremes(cycle);
            CycleReport report = await Task.Run(() => _processor.Process(cycle, files, previous, cancellationToken), cancellationToken).ConfigureAwait(false);
            bool tooOldForAlerts = false;
            if (_alerts is not null && _alerts.AgeBeyondLimit(cycle) is TimeSpan age)
            {
                tooOldForAlerts = true;
                LogTooOldForAlerts(_logger, cycle, age.TotalHours, _alerts.MaxCycleAge.TotalHours);
                report = report with
                {
                    Notes = [.. report.Notes, FormattableString.Invariant(
                        $"no alerts evaluated: the cycle was {age.TotalHours:F0} h old when processed (Monitor:Alerts:MaxCycleAgeHours = {_alerts.MaxCycleAge.TotalHours:G})")],
                };
            }

            CycleReport processed = report;
            IReadOnlyList<ReportedAlert> alerts = _alerts is null || tooOldForAlerts ? [] : await _alerts.OnCycleAsync(report,
                _illustrator is null ? null : (candidate, alert) => _illustrator.Illustrate(alert, candidate, processed, files), cancellationToken).ConfigureAwait(false);
            report = report with { Alerts = alerts };
            string directory = ReportDirectory(cycle);
            var outputs = new List<string> { Path.Combine(directory, CycleReportFile.FileName) };
            CycleReportFile.Write(report, outputs[0]);
            _processor.SaveLearning();
            new CycleExtremes(report.Cycle, report.Grid, "", [], 0, 0, report.Extremes).Write(Path.Combine(directory, ExtremesFileName));
            IReadOnlyList<StageTiming> stages = WritePage(report, files, directory, outputs, cancellationToken);
            IReadOnlyList<string> lines = ReportPoints.Lines(report);
            foreach (IPointSink sink in _sinks)
            {
                await sink.WriteAsync(cycle.ToString(), lines, cancellationToken).ConfigureAwait(false);
                outputs.Add(sink.Describe());
            }

            if (alerts.Count > 0)
            {
                outputs.Add($"{alerts.Count} alert(s) to the outbox");
                string keys = string.Join("; ", alerts.Select(a => $"{a.Key} r{a.Revision}"));
                LogAlerts(_logger, cycle, alerts.Count, keys);
            }

            await _ledger.CompleteAsync(cycle, attempt, _time.GetUtcNow(), stages, outputs, cancellationToken).ConfigureAwait(false);
            double seconds = (_time.GetUtcNow() - started).TotalSeconds;
            LogProcessed(_logger, cycle, attempt, report.Extremes.Count, report.Explanations.Count, lines.Count, seconds);
            return new CycleOutcome(cycle, CycleOutcomeStatus.Processed, attempt, report, null, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            bool permanent = IsPermanent(ex);
            DateTimeOffset failed = _time.GetUtcNow();
            DateTimeOffset? retryAt = permanent ? null : _retry.Next(attempt, failed);
            string reason = $"{ex.GetType().Name}: {ex.Message}";
            await _ledger.FailAsync(cycle, attempt, failed, reason, retryAt, CancellationToken.None).ConfigureAwait(false);
            if (retryAt is DateTimeOffset due)
            {
                LogRetrying(_logger, ex, cycle, attempt, due, reason);
            }
            else
            {
                string why = permanent ? "bad input" : "attempts exhausted";
                LogFailed(_logger, ex, cycle, attempt, why, reason);
            }

            return new CycleOutcome(cycle, CycleOutcomeStatus.Failed, attempt, null, reason, retryAt);
        }
        finally
        {
            // The native heap keeps the pages of every cycle otherwise, and they grow with time (docs/platform.md).
            if (Interlocked.Increment(ref _cyclesSinceRelease) >= _heapReleaseInterval)
            {
                Interlocked.Exchange(ref _cyclesSinceRelease, 0);
                NativeHeapTuning.ReleaseFreeMemory();
            }
        }
    }

    /// <summary>
    /// Failures that another attempt cannot fix: unreadable or inconsistent data, a missing variable, a model that does
    /// not fit the cycle. Everything else (I/O, a full spool, a server) is worth retrying.
    /// </summary>
    public static bool IsPermanent(Exception exception) =>
        exception is DataFileException or CycleDataException or IncompleteCycleException or InvalidModelSpecException or InvalidDataException
            or ArgumentException;

    /// <summary>
    /// Writes the page (report.html) and returns the report's stages with the page's time added; a page that cannot be
    /// written is logged and the cycle goes on, since report.json already holds everything it shows.
    /// </summary>
    private IReadOnlyList<StageTiming> WritePage(CycleReport report, IReadOnlyList<string> files, string directory, List<string> outputs,
        CancellationToken cancellationToken)
    {
        if (_page is null)
        {
            return report.Stages;
        }

        long started = _time.GetTimestamp();
        try
        {
            _page.Write(report, files, directory, cancellationToken);
            outputs.Add(Path.Combine(directory, _page.FileName));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPageNotWritten(_logger, ex, report.Cycle, _page.FileName, ex.Message);
        }

        return [.. report.Stages, new StageTiming(PageStage, _time.GetElapsedTime(started).TotalSeconds)];
    }

    private CycleExtremes? PreviousExtremes(CycleId cycle)
    {
        if (!Directory.Exists(_reports))
        {
            return null;
        }

        CycleId? latest = null;
        foreach (string directory in Directory.EnumerateDirectories(_reports))
        {
            if (CycleId.TryParse(Path.GetFileName(directory), out CycleId id) && id < cycle && (latest is null || id > latest)
                && File.Exists(Path.Combine(directory, ExtremesFileName)))
            {
                latest = id;
            }
        }

        if (latest is not CycleId previous)
        {
            return null;
        }

        try
        {
            return CycleExtremes.Read(Path.Combine(ReportDirectory(previous), ExtremesFileName));
        }
        catch (InvalidDataException ex)
        {
            LogPreviousUnreadable(_logger, ex, previous);
            return null;
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Cycle {Cycle}: attempt {Attempt} started on {Files} file(s)")]
    private static partial void LogStarted(ILogger logger, CycleId cycle, int attempt, int files);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Cycle {Cycle}: processed on attempt {Attempt}: {Extremes} extreme region(s), {Explanations} explanation(s), {Points} point(s) in {Seconds:F1} s")]
    private static partial void LogProcessed(ILogger logger, CycleId cycle, int attempt, int extremes, int explanations, int points, double seconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Cycle {Cycle}: already processed, skipped (backfill --force reprocesses it)")]
    private static partial void LogSkipped(ILogger logger, CycleId cycle);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Cycle {Cycle}: attempt {Attempt} failed, retry at {RetryAt}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, CycleId cycle, int attempt, DateTimeOffset retryAt, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Cycle {Cycle}: attempt {Attempt} failed ({Why}), not retried: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, CycleId cycle, int attempt, string why, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Cycle {Cycle}: {Count} alert(s) to the outbox: {Alerts}")]
    private static partial void LogAlerts(ILogger logger, CycleId cycle, int count, string alerts);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Cycle {Cycle}: {AgeHours:F0} h old, older than Monitor:Alerts:MaxCycleAgeHours = {LimitHours} h; its alerts are not evaluated (a backfill or a backlog is not news)")]
    private static partial void LogTooOldForAlerts(ILogger logger, CycleId cycle, double ageHours, double limitHours);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning,
        Message = "Cycle {Cycle}: {Page} not written; report.json and the other outputs are: {Reason}")]
    private static partial void LogPageNotWritten(ILogger logger, Exception exception, string cycle, string page, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Cycle {Previous}: its extremes.json is unreadable; tracks are not linked to it")]
    private static partial void LogPreviousUnreadable(ILogger logger, Exception exception, CycleId previous);
}
