using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>A cycle's files do not hold every requested variable at every lead time.</summary>
public sealed class IncompleteCycleException(CycleId cycle, IReadOnlyList<string> missing)
    : Exception($"Cycle {cycle} is incomplete: {missing.Count} field(s) missing: {string.Join("; ", missing.Take(12))}{(missing.Count > 12 ? "; …" : "")}.")
{
    /// <summary>The cycle.</summary>
    public CycleId Cycle { get; } = cycle;

    /// <summary>The missing fields, e.g. "t2m at +24 h".</summary>
    public IReadOnlyList<string> Missing { get; } = missing;
}
