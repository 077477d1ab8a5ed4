namespace Monitor.Core.Formats;

/// <summary>A variable's dimensions or a field's shape are not what the reader or the cycle expects.</summary>
public sealed class DimensionMismatchException(string filePath, string? variable, string detail)
    : DataFileException(filePath, variable, detail);
