namespace Monitor.Core.Formats.NetCdf;

/// <summary>netCDF-C returned an error status.</summary>
public sealed class NetCdfException(string filePath, string? variable, string operation, int status)
    : DataFileException(filePath, variable, $"{operation} failed: {NetCdfNative.Message(status)} (netCDF status {status}).")
{
    /// <summary>The netCDF-C status code (negative).</summary>
    public int Status { get; } = status;
}
