using Monitor.Core.Grids;

namespace Monitor.Core.Monitoring.Ports;

/// <summary>
/// The durable record of every cycle the service has seen: its status, every attempt with its outcome, the stage
/// timings and the outputs of the last successful attempt. Processing is idempotent and keyed by cycle; the ledger is
/// what makes a restart resume instead of repeat, and what <c>v2vmonitor cycles</c> lists.
/// </summary>
public interface ICycleLedger
{
    /// <summary>Records that a new attempt at <paramref name="cycle"/> starts now; returns its number (1 for the first).</summary>
    /// <remarks>An attempt left <see cref="CycleStatus.Running"/> by a process that died is closed as abandoned first.</remarks>
    public Task<int> BeginAttemptAsync(CycleId cycle, DateTimeOffset started, CancellationToken cancellationToken = default);

    /// <summary>Records that attempt <paramref name="attempt"/> finished successfully.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <param name="attempt">The attempt's number from <see cref="BeginAttemptAsync"/>.</param>
    /// <param name="finished">When it finished.</param>
    /// <param name="stageSeconds">Seconds spent per stage, in stage order.</param>
    /// <param name="outputs">Where the results went (files, sinks).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task CompleteAsync(CycleId cycle, int attempt, DateTimeOffset finished, IReadOnlyList<StageTiming> stageSeconds,
        IReadOnlyList<string> outputs, CancellationToken cancellationToken = default);

    /// <summary>Records that attempt <paramref name="attempt"/> failed because of <paramref name="reason"/>.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <param name="attempt">The attempt's number.</param>
    /// <param name="finished">When it failed.</param>
    /// <param name="reason">What went wrong, as an operator reads it (file, variable or key named).</param>
    /// <param name="retryAt">When it will be tried again, or null when it will not (a permanent failure, or retries exhausted).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task FailAsync(CycleId cycle, int attempt, DateTimeOffset finished, string reason, DateTimeOffset? retryAt,
        CancellationToken cancellationToken = default);

    /// <summary>The cycle's record, or null when the ledger has never seen it.</summary>
    public Task<CycleRecord?> FindAsync(CycleId cycle, CancellationToken cancellationToken = default);

    /// <summary>Records of cycles initialised from <paramref name="first"/> to <paramref name="last"/> (inclusive; null = open), newest first.</summary>
    public Task<IReadOnlyList<CycleRecord>> ListAsync(DateTime? first = null, DateTime? last = null, CancellationToken cancellationToken = default);

    /// <summary>Every attempt at <paramref name="cycle"/>, oldest first.</summary>
    public Task<IReadOnlyList<CycleAttempt>> AttemptsAsync(CycleId cycle, CancellationToken cancellationToken = default);
}

/// <summary>Where a cycle stands.</summary>
public enum CycleStatus
{
    /// <summary>An attempt is in progress (or its process died; the next attempt closes it as abandoned).</summary>
    Running,

    /// <summary>Processed; its outputs are recorded.</summary>
    Done,

    /// <summary>The last attempt failed and another is scheduled.</summary>
    Retrying,

    /// <summary>The last attempt failed and none is scheduled.</summary>
    Failed,
}

/// <summary>Seconds spent in one stage of processing a cycle.</summary>
/// <param name="Stage">The stage, e.g. <c>read</c>, <c>predict</c>, <c>relevance</c>.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StageTiming(string Stage, double Seconds);

/// <summary>One cycle in the ledger.</summary>
/// <param name="Cycle">The cycle.</param>
/// <param name="Status">Its status after the latest attempt.</param>
/// <param name="Attempts">Number of attempts so far.</param>
/// <param name="FirstStarted">When the first attempt started.</param>
/// <param name="LastStarted">When the latest attempt started.</param>
/// <param name="Finished">When the latest attempt finished, or null while running.</param>
/// <param name="Error">The latest attempt's error, or null.</param>
/// <param name="RetryAt">When the next attempt is due, or null.</param>
/// <param name="Stages">Stage timings of the latest successful attempt.</param>
/// <param name="Outputs">Outputs of the latest successful attempt.</param>
public sealed record CycleRecord(
    CycleId Cycle,
    CycleStatus Status,
    int Attempts,
    DateTimeOffset FirstStarted,
    DateTimeOffset LastStarted,
    DateTimeOffset? Finished,
    string? Error,
    DateTimeOffset? RetryAt,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<string> Outputs);

/// <summary>One attempt at a cycle.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="Started">When it started.</param>
/// <param name="Finished">When it ended, or null while running.</param>
/// <param name="Outcome"><c>running</c>, <c>done</c>, <c>failed</c> or <c>abandoned</c> (its process died).</param>
/// <param name="Error">Its error, or null.</param>
public sealed record CycleAttempt(int Number, DateTimeOffset Started, DateTimeOffset? Finished, string Outcome, string? Error);
