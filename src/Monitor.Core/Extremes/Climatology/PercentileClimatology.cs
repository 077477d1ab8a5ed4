using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// A percentile climatology directory opened for look-ups: the statistic fields of a variable for the window and hour
/// of day that belong to a valid time. Files stay open until disposed.
/// </summary>
public sealed class PercentileClimatology : IDisposable
{
    private readonly Dictionary<VariableId, IClimatologyTable> _files;

    private PercentileClimatology(string location, Dictionary<VariableId, IClimatologyTable> files)
    {
        Location = location;
        _files = files;
    }

    /// <summary>Where the climatology is (its store's location).</summary>
    public string Location { get; }

    /// <summary>The variables it holds.</summary>
    public IReadOnlyList<VariableId> Variables => [.. _files.Keys];

    /// <summary>
    /// Opens every table of <paramref name="store"/> for look-ups; throws <see cref="CycleDataException"/> when there is
    /// none, <see cref="InvalidDataException"/> when they were built with different settings or cycles.
    /// </summary>
    public static PercentileClimatology Open(IClimatologyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var files = new Dictionary<VariableId, IClimatologyTable>();
        try
        {
            foreach (IClimatologyTable table in store.OpenAll())
            {
                files[table.Info.Variable] = table;
            }

            if (files.Count == 0)
            {
                throw new CycleDataException(store.Location, null, "no climatology: build one with 'v2vmonitor climatology build'.");
            }

            ClimatologyVariableInfo.EnsureSameSettings([.. files.Values.Select(f => f.Info)]);
        }
        catch
        {
            foreach (IClimatologyTable f in files.Values)
            {
                f.Dispose();
            }

            throw;
        }

        return new PercentileClimatology(store.Location, files);
    }

    /// <summary>What the climatology of a variable holds; throws <see cref="CycleDataException"/> naming the climatology when absent.</summary>
    public ClimatologyVariableInfo Info(VariableId variable) => FileOf(variable).Info;

    /// <summary>
    /// One statistic of a variable for a valid time, <c>[lat, lon]</c>: the window whose centre is nearest the valid
    /// day of year, and the stored hour of day nearest the valid hour (or the pooled climate). NaN where the window had
    /// no sample.
    /// </summary>
    public float[] Field(VariableId variable, ClimateStatistic statistic, DateTime valid)
    {
        IClimatologyTable file = FileOf(variable);
        (int hour, int window) = file.Info.SlotFor(valid);
        var values = new float[file.Info.Grid.CellCount];
        file.Read(statistic, hour, window, 0, file.Info.Grid.LatitudeCount, values);
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IClimatologyTable file in _files.Values)
        {
            file.Dispose();
        }
    }

    private IClimatologyTable FileOf(VariableId variable) =>
        _files.TryGetValue(variable, out IClimatologyTable? file) ? file :
        throw new CycleDataException(Location, variable.ToString(), $"not in the climatology; it holds {string.Join(", ", _files.Keys)}.");
}
