using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>Climatology samples held in memory: one <c>[lat, lon]</c> array per variable and sample.</summary>
public sealed class ArrayClimateSource : IClimateSampleSource
{
    private readonly IReadOnlyDictionary<VariableId, IReadOnlyList<float[]>> _fields;
    private readonly Dictionary<ClimateSample, int> _index = [];

    /// <summary>Creates the source; every variable needs one field per sample, each of the grid's cell count.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="samples">The samples, oldest valid time first.</param>
    /// <param name="fields">Per variable, the field of each sample (same order as <paramref name="samples"/>).</param>
    /// <param name="location">A name for messages.</param>
    public ArrayClimateSource(GridSpec grid, IReadOnlyList<ClimateSample> samples,
        IReadOnlyDictionary<VariableId, IReadOnlyList<float[]>> fields, string location = "memory")
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (variable, list) in fields)
        {
            if (list.Count != samples.Count || list.Any(f => f.Length != grid.CellCount))
            {
                throw new ArgumentException($"Variable '{variable}' needs {samples.Count} fields of {grid.CellCount} values.", nameof(fields));
            }
        }

        Grid = grid;
        Samples = samples;
        _fields = fields;
        Location = location;
        for (int i = 0; i < samples.Count; i++)
        {
            _index[samples[i]] = i;
        }
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public GridSpec Grid { get; }

    /// <inheritdoc />
    public IReadOnlyList<ClimateSample> Samples { get; }

    /// <inheritdoc />
    public void Read(ClimateSample sample, IReadOnlyList<VariableId> variables, int firstRow, int rowCount, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(variables);
        int index = IndexOf(sample);
        int n = rowCount * Grid.LongitudeCount;
        for (int v = 0; v < variables.Count; v++)
        {
            if (!_fields.TryGetValue(variables[v], out IReadOnlyList<float[]>? list))
            {
                throw new ArgumentException($"{Location}: no variable '{variables[v]}' (has {string.Join(", ", _fields.Keys)}).", nameof(variables));
            }

            ReadOnlySpan<float> rows = list[index].AsSpan(firstRow * Grid.LongitudeCount, n);
            if (HasNaN(rows))
            {
                throw new ArgumentException($"{Location}: variable '{variables[v]}' at {sample} holds NaN; a climatology needs complete fields.", nameof(variables));
            }

            rows.CopyTo(destination.Slice(v * n, n));
        }
    }

    private static bool HasNaN(ReadOnlySpan<float> values)
    {
        foreach (float x in values)
        {
            if (float.IsNaN(x))
            {
                return true;
            }
        }

        return false;
    }

    private int IndexOf(ClimateSample sample) =>
        _index.TryGetValue(sample, out int i) ? i : throw new ArgumentException($"{Location}: no sample {sample}.", nameof(sample));
}
