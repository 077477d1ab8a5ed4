using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// An archive of forecast cycles in the inbox layout (one folder per cycle, e.g. written by <c>v2vmonitor generate</c>):
/// lists the cycles of a period and reads one at a time, so training streams through archives larger than memory.
/// </summary>
public sealed class CycleArchive : ITrainingArchive
{
    private readonly IReadOnlyList<CycleCandidate> _cycles;
    private readonly CycleAssembler _assembler = new();

    /// <summary>Opens an archive directory; throws <see cref="DirectoryNotFoundException"/> naming it when absent.</summary>
    public CycleArchive(string directory)
    {
        Directory = directory;
        var scanner = new InboxScanner(new InboxOptions { Directory = directory }, TimeProvider.System);
        _cycles = scanner.Scan().Where(c => c.Readiness == CycleReadiness.Complete).ToArray();
    }

    /// <summary>The archive directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Location => Directory;

    /// <summary>Complete cycles whose init time lies in <paramref name="period"/>, oldest first.</summary>
    public IReadOnlyList<CycleId> CyclesIn(TimePeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return _cycles.Where(c => period.Contains(c.Cycle.InitTime)).Select(c => c.Cycle).ToArray();
    }

    /// <summary>Reads one cycle (the given variables, every lead, with static fields).</summary>
    public CycleData Read(CycleId cycle, IReadOnlyList<VariableId> variables)
    {
        CycleCandidate candidate = _cycles.FirstOrDefault(c => c.Cycle == cycle) ??
            throw new KeyNotFoundException($"Cycle {cycle} is not a complete cycle of the archive {Directory}.");
        return _assembler.Assemble(cycle, candidate.Files, variables).Data;
    }
}
