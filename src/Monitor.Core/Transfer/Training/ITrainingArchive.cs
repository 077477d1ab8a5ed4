using Monitor.Core.Grids;

namespace Monitor.Core.Transfer.Training;

/// <summary>
/// A source of training and evaluation samples: forecast cycles in the inbox layout (<see cref="CycleArchive"/>) or
/// reanalysis-style time series described by a manifest (<see cref="ManifestArchive"/>, one "cycle" per time step,
/// lead 0). Read one cycle at a time.
/// </summary>
public interface ITrainingArchive
{
    /// <summary>Where the archive is (directory or manifest), for messages and provenance.</summary>
    public string Location { get; }

    /// <summary>The cycles whose init time lies in <paramref name="period"/>, oldest first.</summary>
    public IReadOnlyList<CycleId> CyclesIn(TimePeriod period);

    /// <summary>Reads one cycle: the given variables at every lead, with static fields.</summary>
    public CycleData Read(CycleId cycle, IReadOnlyList<VariableId> variables);
}
