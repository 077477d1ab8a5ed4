using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Monitoring;

/// <summary>What became of one request to process a cycle.</summary>
/// <param name="Cycle">The cycle.</param>
/// <param name="Status">Processed, skipped (already done), or failed.</param>
/// <param name="Attempt">The attempt's number in the ledger (0 when skipped).</param>
/// <param name="Report">The report when processed.</param>
/// <param name="Error">The reason when failed.</param>
/// <param name="RetryAt">When a failed cycle is due again, or null when it will not be retried.</param>
public sealed record CycleOutcome(CycleId Cycle, CycleOutcomeStatus Status, int Attempt, CycleReport? Report, string? Error, DateTimeOffset? RetryAt);

/// <summary>The kinds of <see cref="CycleOutcome"/>.</summary>
public enum CycleOutcomeStatus
{
    /// <summary>Processed and written.</summary>
    Processed,

    /// <summary>Already done; not processed again (use force to reprocess).</summary>
    Skipped,

    /// <summary>Failed; see the error and whether a retry is due.</summary>
    Failed,
}
