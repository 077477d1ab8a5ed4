namespace Monitor.Core.Formats;

/// <summary>Container format of a data file, recognised from its first bytes.</summary>
public enum DataFileFormat
{
    /// <summary>Not a format V2V Monitor reads.</summary>
    Unknown,

    /// <summary>netCDF-3 (classic, 64-bit offset, 64-bit data).</summary>
    NetCdf3,

    /// <summary>netCDF-4 / HDF5.</summary>
    NetCdf4,

    /// <summary>GRIB edition 1 or 2.</summary>
    Grib,
}
