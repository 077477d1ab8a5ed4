using Monitor.Core.Formats;
using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>
/// A percentile climatology directory opened for look-ups: the statistic fields of a variable for the window and hour
/// of day that belong to a valid time. Files stay open until disposed.
/// </summary>
public sealed class PercentileClimatology : IDisposable
{
    private readonly Dictionary<VariableId, ClimatologyFile> _files;

    private PercentileClimatology(string directory, Dictionary<VariableId, ClimatologyFile> files)
    {
        Directory = directory;
        _files = files;
    }

    /// <summary>The climatology directory.</summary>
    public string Directory { get; }

    /// <summary>The variables it holds.</summary>
    public IReadOnlyList<VariableId> Variables => [.. _files.Keys];

    /// <summary>
    /// Opens every <c>climatology_*.nc</c> of a directory; throws <see cref="DataFileException"/> when there is none, or
    /// when the files were built with different settings or cycles (a mixed directory).
    /// </summary>
    public static PercentileClimatology Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string[] paths = System.IO.Directory.Exists(directory) ? System.IO.Directory.GetFiles(directory, "climatology_*.nc") : [];
        if (paths.Length == 0)
        {
            throw new DataFileException(directory, null, "no climatology_*.nc file: build one with 'v2vmonitor climatology build'.");
        }

        var files = new Dictionary<VariableId, ClimatologyFile>();
        try
        {
            foreach (string path in paths.Order(StringComparer.Ordinal))
            {
                ClimatologyFile file = ClimatologyFile.Open(path);
                files[file.Info.Variable] = file;
            }

            ClimatologyFile.EnsureSameSettings([.. files.Values]);
        }
        catch
        {
            foreach (ClimatologyFile f in files.Values)
            {
                f.Dispose();
            }

            throw;
        }

        return new PercentileClimatology(directory, files);
    }

    /// <summary>What the climatology of a variable holds; throws <see cref="VariableNotFoundException"/> naming the directory when absent.</summary>
    public ClimatologyVariableInfo Info(VariableId variable) => FileOf(variable).Info;

    /// <summary>
    /// One statistic of a variable for a valid time, <c>[lat, lon]</c>: the window whose centre is nearest the valid
    /// day of year, and the stored hour of day nearest the valid hour (or the pooled climate). NaN where the window had
    /// no sample.
    /// </summary>
    public float[] Field(VariableId variable, ClimateStatistic statistic, DateTime valid)
    {
        ClimatologyFile file = FileOf(variable);
        (int hour, int window) = file.Info.SlotFor(valid);
        var values = new float[file.Info.Grid.CellCount];
        file.Read(statistic, hour, window, 0, file.Info.Grid.LatitudeCount, values);
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (ClimatologyFile file in _files.Values)
        {
            file.Dispose();
        }
    }

    private ClimatologyFile FileOf(VariableId variable) =>
        _files.TryGetValue(variable, out ClimatologyFile? file) ? file :
        throw new VariableNotFoundException(Directory, variable.ToString(), _files.Keys.Select(k => k.ToString()));
}
