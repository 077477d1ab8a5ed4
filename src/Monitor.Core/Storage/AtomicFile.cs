namespace Monitor.Core.Storage;

/// <summary>
/// Writes a file beside its final name (<c>.{process id}.partial</c>, so two processes never share one) and renames it into place, so a reader — the next command, a
/// dashboard, a mail — never sees half a file and an interrupted write leaves the previous version intact.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of a file being written.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string partial = PartialPath(path);
        File.WriteAllText(partial, text);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string partial = PartialPath(path);
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>
    /// Lets <paramref name="write"/> create the file at the path it is given (the partial name), then renames it to
    /// <paramref name="path"/>; on failure the partial file is deleted and the previous version stays.
    /// </summary>
    public static void Replace(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string partial = PartialPath(path);
        try
        {
            write(partial);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>The name a file is written under before it is renamed to <paramref name="path"/>.</summary>
    public static string PartialPath(string path) => $"{path}.{Environment.ProcessId}{PartialSuffix}";
}
