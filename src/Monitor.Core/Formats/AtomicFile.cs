namespace Monitor.Core.Formats;

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

    private static string PartialPath(string path) => $"{path}.{Environment.ProcessId}{PartialSuffix}";
}
