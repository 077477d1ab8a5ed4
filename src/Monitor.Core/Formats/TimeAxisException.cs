namespace Monitor.Core.Formats;

/// <summary>A time coordinate cannot be decoded (no units, unknown units or calendar).</summary>
public sealed class TimeAxisException(string filePath, string variable, string detail)
    : DataFileException(filePath, variable, detail);
