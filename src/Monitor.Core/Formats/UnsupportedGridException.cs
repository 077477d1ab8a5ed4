namespace Monitor.Core.Formats;

/// <summary>A field is on a grid the service cannot use (not a regular latitude/longitude grid, irregular axes).</summary>
public sealed class UnsupportedGridException(string filePath, string? variable, string gridDescription)
    : DataFileException(filePath, variable, $"unsupported grid: {gridDescription}. Only regular latitude/longitude grids are read.");
