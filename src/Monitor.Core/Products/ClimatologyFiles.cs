using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>
/// A percentile climatology as a directory of CF netCDF-4 files, one per variable (<c>climatology_{var}.nc</c>, see
/// <see cref="ClimatologyFile"/>). Staged tables are written under per-process partial names beside their final names
/// and renamed into place on commit; variables no longer built are removed then.
/// </summary>
public sealed class ClimatologyFiles : IClimatologyStore
{
    private const string Pattern = "climatology_*.nc";

    /// <summary>The climatology in <paramref name="directory"/> (created when something is committed).</summary>
    public ClimatologyFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Location = directory;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Opens the climatology in <paramref name="directory"/> for look-ups.</summary>
    /// <exception cref="DataFileException">There is no climatology file, or one is unreadable.</exception>
    /// <exception cref="InvalidDataException">The files were built with different settings or cycles (a mixed directory).</exception>
    public static PercentileClimatology Open(string directory)
    {
        var store = new ClimatologyFiles(directory);
        if (store.Paths().Length == 0)
        {
            throw new DataFileException(directory, null, "no climatology_*.nc file: build one with 'v2vmonitor climatology build'.");
        }

        return PercentileClimatology.Open(store);
    }

    /// <inheritdoc />
    public IReadOnlyList<IClimatologyTable> OpenAll()
    {
        var tables = new List<IClimatologyTable>();
        try
        {
            foreach (string path in Paths())
            {
                tables.Add(ClimatologyFile.Open(path));
            }

            return tables;
        }
        catch
        {
            foreach (IClimatologyTable table in tables)
            {
                table.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public IClimatologyTable CreateStaged(ClimatologyVariableInfo info, int rowsPerChunk, string source)
    {
        ArgumentNullException.ThrowIfNull(info);
        Directory.CreateDirectory(Location);
        return ClimatologyFile.Create(AtomicFile.PartialPath(FinalPath(info)), info, rowsPerChunk, source);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Commit(IReadOnlyList<IClimatologyTable> staged, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(staged);
        string[] finals = [.. staged.Select(t => FinalPath(t.Info))];
        foreach (IClimatologyTable table in staged)
        {
            table.Dispose();
        }

        foreach (IClimatologyTable table in staged)
        {
            File.Move(AtomicFile.PartialPath(FinalPath(table.Info)), FinalPath(table.Info), overwrite: true);
        }

        var keep = finals.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        foreach (string path in Paths().Where(p => !keep.Contains(Path.GetFullPath(p))))
        {
            File.Delete(path);
            progress?.Report($"removed {path}: not part of this build (left from an earlier one)");
        }

        return finals;
    }

    /// <inheritdoc />
    public void Discard(IReadOnlyList<IClimatologyTable> staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        foreach (IClimatologyTable table in staged)
        {
            table.Dispose();
            File.Delete(AtomicFile.PartialPath(FinalPath(table.Info)));
        }
    }

    private string FinalPath(ClimatologyVariableInfo info) => Path.Combine(Location, ClimatologyFile.FileName(info.Variable));

    private string[] Paths() => Directory.Exists(Location) ? [.. Directory.GetFiles(Location, Pattern).Order(StringComparer.Ordinal)] : [];
}
