using Monitor.Core.Grids;

namespace Monitor.Core.Cycles;

/// <summary>
/// The one way the science reads history: forecast cycles in the inbox layout (<see cref="CycleArchive"/>) or
/// reanalysis-style time series described by a manifest (<see cref="ManifestArchive"/>, one "cycle" per time step,
/// lead 0). Training, evaluation, regime fitting and climatologies all read through it, one cycle or one field at a
/// time, so archives larger than memory stream. Dispose to close the files it holds open.
/// </summary>
public interface ICycleArchive : IDisposable
{
    /// <summary>Where the archive is (directory or manifest), for messages and provenance.</summary>
    public string Location { get; }

    /// <summary>The grid of the archive's fields (its first cycle's).</summary>
    public GridSpec Grid { get; }

    /// <summary>The cycles whose init time lies in <paramref name="period"/>, oldest first.</summary>
    public IReadOnlyList<CycleId> CyclesIn(TimePeriod period);

    /// <summary>Reads one cycle: the given variables at every lead, with static fields.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <param name="variables">Variables it must hold at every lead.</param>
    /// <param name="ifPresent">Variables added after them where the cycle holds them (e.g. a model's own target).</param>
    public CycleData Read(CycleId cycle, IReadOnlyList<VariableId> variables, IReadOnlyList<VariableId>? ifPresent = null);

    /// <summary>Whether <paramref name="cycle"/> holds <paramref name="variable"/> at lead <paramref name="leadHours"/>.</summary>
    public bool Has(CycleId cycle, VariableId variable, int leadHours);

    /// <summary>
    /// Reads one field — <paramref name="variable"/> at lead <paramref name="leadHours"/> of <paramref name="cycle"/> —
    /// into <paramref name="destination"/> (one value per cell of <see cref="Grid"/>, NaN where missing), without
    /// assembling the cycle: for passes that need a few fields of many cycles (climatologies).
    /// </summary>
    /// <returns>The file the field was read from, for messages about its values.</returns>
    /// <exception cref="Formats.DataFileException">The cycle, variable or lead is not there, or the field is on another grid (file and variable named).</exception>
    public string ReadField(CycleId cycle, VariableId variable, int leadHours, Span<float> destination);
}
