namespace Monitor.Core.Formats.NetCdf;

/// <summary>A variable of a netCDF file that has a latitude and a longitude but could not be placed or decoded.</summary>
/// <param name="Variable">Its name in the file.</param>
/// <param name="Error">Why (names the file and the variable).</param>
public sealed record DatasetProblem(string Variable, DataFileException Error);
