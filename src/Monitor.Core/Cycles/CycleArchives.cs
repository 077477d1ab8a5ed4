namespace Monitor.Core.Cycles;

/// <summary>Opens an archive from the command line's <c>--archive</c>: a directory (inbox layout) or a manifest (<c>.json</c>).</summary>
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
}
