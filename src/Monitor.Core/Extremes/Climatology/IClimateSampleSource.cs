using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Where a climatology's samples come from: an archive of cycles (<see cref="ArchiveClimateSource"/>) or arrays in
/// memory (<see cref="ArrayClimateSource"/>). Reads a block of rows of one sample at a time, so the builder holds only
/// the block it is working on.
/// </summary>
public interface IClimateSampleSource
{
    /// <summary>Where the samples are, for messages and provenance.</summary>
    public string Location { get; }

    /// <summary>The grid of every field.</summary>
    public GridSpec Grid { get; }

    /// <summary>Every sample available, oldest valid time first.</summary>
    public IReadOnlyList<ClimateSample> Samples { get; }

    /// <summary>
    /// Reads rows <paramref name="firstRow"/> … <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1 of each
    /// variable of one sample into <paramref name="destination"/>, laid out <c>[variable, row, lon]</c>. Throws a
    /// an exception naming the file or archive (e.g. <see cref="Cycles.CycleDataException"/>; <see cref="ArgumentException"/> for arrays) naming the sample and
    /// variable when a variable is missing or holds NaN.
    /// </summary>
    public void Read(ClimateSample sample, IReadOnlyList<VariableId> variables, int firstRow, int rowCount, Span<float> destination);
}
