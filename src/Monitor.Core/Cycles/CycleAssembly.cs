using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>The result of assembling a cycle: the block, and what was left out and why.</summary>
/// <param name="Data">The assembled cycle.</param>
/// <param name="Skipped">Fields not used, each "file: field: reason" (unsupported grid, unknown variable, not requested).</param>
public sealed record CycleAssembly(CycleData Data, IReadOnlyList<string> Skipped);
