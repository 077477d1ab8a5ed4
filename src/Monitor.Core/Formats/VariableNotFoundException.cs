namespace Monitor.Core.Formats;

/// <summary>A requested variable is not in the file (under its canonical name or any alias).</summary>
public sealed class VariableNotFoundException(string filePath, string variable, IEnumerable<string> available)
    : DataFileException(filePath, variable, $"not found; the file has: {string.Join(", ", available)}.");
