using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// Climatology samples from an <see cref="ICycleArchive"/> (cycles in the inbox layout, or a manifest's analyses): the
/// chosen leads of every cycle, read one field at a time into reused buffers. Wind speed <c>si10</c> is read when the
/// archive has it, otherwise derived as √(u10² + v10²). A climatology needs complete fields: a missing value is an error.
/// </summary>
public sealed class ArchiveClimateSource : IClimateSampleSource
{
    private readonly ICycleArchive _archive;
    private readonly float[] _u;
    private readonly float[] _v;

    /// <summary>Lists the samples of <paramref name="archive"/>.</summary>
    /// <param name="archive">The archive; the caller disposes it.</param>
    /// <param name="leadHours">Leads (h) of each cycle to use; every cycle must have them.</param>
    public ArchiveClimateSource(ICycleArchive archive, IReadOnlyList<int> leadHours)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(leadHours);
        _archive = archive;
        IReadOnlyList<CycleId> cycles = archive.CyclesIn(new TimePeriod(DateTime.MinValue, DateTime.MaxValue));
        Grid = archive.Grid;
        Cycles = cycles;
        Samples = [.. cycles.SelectMany(c => leadHours.Select(l => new ClimateSample(c, l))).OrderBy(s => s.ValidTime).ThenBy(s => s.Cycle)];
        _u = new float[Grid.CellCount];
        _v = new float[Grid.CellCount];
    }

    /// <inheritdoc />
    public string Location => _archive.Location;

    /// <inheritdoc />
    public GridSpec Grid { get; }

    /// <inheritdoc />
    public IReadOnlyList<ClimateSample> Samples { get; }

    /// <summary>The cycles of the archive, oldest first.</summary>
    public IReadOnlyList<CycleId> Cycles { get; }

    /// <inheritdoc />
    public void Read(ClimateSample sample, IReadOnlyList<VariableId> variables, int firstRow, int rowCount, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(variables);
        int offset = firstRow * Grid.LongitudeCount, n = rowCount * Grid.LongitudeCount;
        for (int v = 0; v < variables.Count; v++)
        {
            Span<float> target = destination.Slice(v * n, n);
            if (variables[v] == WindSpeed.Speed && !_archive.Has(sample.Cycle, WindSpeed.Speed, sample.LeadHours))
            {
                ReadComplete(sample, WindSpeed.U, _u);
                ReadComplete(sample, WindSpeed.V, _v);
                WindSpeed.Derive(_u.AsSpan(offset, n), _v.AsSpan(offset, n), target);
            }
            else
            {
                ReadComplete(sample, variables[v], _u);
                _u.AsSpan(offset, n).CopyTo(target);
            }
        }
    }

    private void ReadComplete(ClimateSample sample, VariableId variable, float[] destination)
    {
        string file = _archive.ReadField(sample.Cycle, variable, sample.LeadHours, destination);
        int missing = 0;
        foreach (float x in destination)
        {
            missing += float.IsNaN(x) ? 1 : 0;
        }

        if (missing > 0)
        {
            throw new CycleDataException(file, variable.ToString(),
                $"{missing} missing (NaN) values at +{sample.LeadHours} h of cycle {sample.Cycle} ({sample.ValidTime:yyyy-MM-dd HH:mm} UTC); a climatology needs complete fields.");
        }
    }
}
