using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// Reads what a transfer model needs from a cycle's files: its time-dependent inputs (required), and — when the cycle
/// has them — the forecast's own target field (for consistency and the error selector) and the 10 m wind (for the
/// footprint's wind relation). A cycle without the target is as good as any: predicting what is not there is the V2V
/// premise.
/// </summary>
public static class ModelCycleReader
{
    /// <summary>Assembles <paramref name="cycle"/> from <paramref name="files"/> for <paramref name="spec"/>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="cycle">The cycle.</param>
    /// <param name="files">Its data files.</param>
    /// <param name="required">Variables needed besides the inputs (e.g. an error selector's reference).</param>
    /// <exception cref="IncompleteCycleException">An input (or a required variable) is missing at some lead.</exception>
    public static CycleData Read(ModelSpec spec, CycleId cycle, IReadOnlyList<string> files, IReadOnlyList<VariableId>? required = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CycleAssembler().Assemble(cycle, files, Needed(spec, required), Optional(spec)).Data;
    }

    /// <summary>Reads <paramref name="cycle"/> (a cycle's init time, or a manifest archive's time step) from an archive for <paramref name="spec"/>.</summary>
    /// <exception cref="KeyNotFoundException">The archive has no such cycle or time.</exception>
    /// <exception cref="IncompleteCycleException">An input (or a required variable) is missing at some lead.</exception>
    public static CycleData Read(ModelSpec spec, ICycleArchive archive, CycleId cycle, IReadOnlyList<VariableId>? required = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(archive);
        return archive.Read(cycle, Needed(spec, required), Optional(spec));
    }

    private static IReadOnlyList<VariableId> Needed(ModelSpec spec, IReadOnlyList<VariableId>? required) =>
        [.. spec.TimeDependentInputs(), .. (required ?? []).Except(spec.TimeDependentInputs())];

    private static VariableId[] Optional(ModelSpec spec) => [VariableId.Parse(spec.Target, VariableCatalog.Default), WindSpeed.U, WindSpeed.V];
}
