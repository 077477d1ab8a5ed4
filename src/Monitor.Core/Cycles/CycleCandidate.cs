using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>A cycle found in the inbox, its data files and whether it is ready.</summary>
/// <param name="Cycle">The cycle.</param>
/// <param name="Files">Its data files (full paths, sorted).</param>
/// <param name="Readiness">Complete, incomplete or settling.</param>
/// <param name="Reason">Why it is not complete (empty when complete).</param>
public sealed record CycleCandidate(CycleId Cycle, IReadOnlyList<string> Files, CycleReadiness Readiness, string Reason);
