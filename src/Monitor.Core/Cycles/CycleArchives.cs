using Monitor.Core.Formats;

namespace Monitor.Core.Cycles;

/// <summary>
/// Opens an archive from the command line's <c>--archive</c>: a directory (inbox layout) or a manifest (<c>.json</c>);
/// tells missing data from broken data in an archive's read errors.
/// </summary>
public static class CycleArchives
{
    /// <summary>Opens the archive at <paramref name="path"/>.</summary>
    public static ICycleArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return new ManifestArchive(path);
        }

        return Directory.Exists(path)
            ? new CycleArchive(path)
            : throw new ArgumentException($"Archive '{path}' is neither a directory of cycles nor a manifest file.");
    }

    /// <summary>
    /// Whether an error of <see cref="ICycleArchive.Read"/> means missing data — a variable absent at the time
    /// (<see cref="IncompleteCycleException"/>, <see cref="KeyNotFoundException"/>) or holding no valid value there
    /// (<see cref="EmptyFieldException"/>) — rather than a broken or mis-described archive (unreadable file, another
    /// grid, a level-less file asked for a level), which passes over an archive must not skip.
    /// </summary>
    public static bool IsMissingData(Exception error) => error is EmptyFieldException or IncompleteCycleException or KeyNotFoundException;
}
