using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// A cycle's files do not hold every requested variable at every lead time. The message also lists fields the files
/// hold but that could not be read (an unknown dimension, an unsupported grid), which are often why one is missing.
/// </summary>
public sealed class IncompleteCycleException(CycleId cycle, IReadOnlyList<string> missing, IReadOnlyList<string>? unreadable = null)
    : Exception($"Cycle {cycle} is incomplete: {missing.Count} field(s) missing: {string.Join("; ", missing.Take(12))}{(missing.Count > 12 ? "; …" : "")}." +
        (unreadable is { Count: > 0 } ? $" Fields that could not be read: {string.Join("; ", unreadable.Take(3))}{(unreadable.Count > 3 ? "; …" : "")}." : ""))
{
    /// <summary>The cycle.</summary>
    public CycleId Cycle { get; } = cycle;

    /// <summary>The missing fields, e.g. "t2m at +24 h".</summary>
    public IReadOnlyList<string> Missing { get; } = missing;
}
