namespace Monitor.Core.Formats.NetCdf;

/// <summary>On-disk netCDF format (nc_inq_format).</summary>
public enum NetCdfFormat
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>netCDF-3 classic (CDF-1).</summary>
    Classic = 1,
    /// <summary>netCDF-3 64-bit offset (CDF-2).</summary>
    Offset64 = 2,
    /// <summary>netCDF-4 (HDF5 storage).</summary>
    Netcdf4 = 3,
    /// <summary>netCDF-4 classic model (HDF5 storage, classic data model).</summary>
    Netcdf4Classic = 4,
    /// <summary>netCDF-3 64-bit data (CDF-5).</summary>
    Data64 = 5,
}
