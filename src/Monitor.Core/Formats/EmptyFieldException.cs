namespace Monitor.Core.Formats;

/// <summary>A field holds no valid value at all (every cell is a fill value or outside the valid range).</summary>
public sealed class EmptyFieldException(string filePath, string variable, string where)
    : DataFileException(filePath, variable, $"every value of {where} is missing (fill value or outside valid range).");
