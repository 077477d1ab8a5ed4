namespace Monitor.Core.Formats.NetCdf;

/// <summary>A netCDF dimension.</summary>
/// <param name="Id">Dimension id.</param>
/// <param name="Name">Dimension name.</param>
/// <param name="Length">Current length.</param>
/// <param name="IsUnlimited">True for the record (unlimited) dimension.</param>
public sealed record NetCdfDimension(int Id, string Name, long Length, bool IsUnlimited);
