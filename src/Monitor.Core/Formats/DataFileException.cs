namespace Monitor.Core.Formats;

/// <summary>
/// A data file could not be read or written as expected. Always names the file, and the variable where one is
/// involved, so that an operator can find the culprit from the message alone.
/// </summary>
public class DataFileException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file and variable.</summary>
    public DataFileException(string filePath, string? variable, string message, Exception? innerException = null)
        : base(Compose(filePath, variable, message), innerException)
    {
        FilePath = filePath;
        Variable = variable;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }

    /// <summary>The variable concerned, if any.</summary>
    public string? Variable { get; }

    /// <summary>True when retrying later may succeed (e.g. a file still being written); false for bad content.</summary>
    public virtual bool IsTransient => false;

    private static string Compose(string filePath, string? variable, string message) =>
        variable is null ? $"{filePath}: {message}" : $"{filePath}, variable '{variable}': {message}";
}
