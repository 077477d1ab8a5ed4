namespace Monitor.Core.Formats.NetCdf;

/// <summary>netCDF external data types (nc_type); member names follow netCDF-C's NC_BYTE … NC_STRING.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The names are netCDF's own type names.")]
public enum NetCdfType
{
    /// <summary>Not a type.</summary>
    None = 0,
    /// <summary>Signed 8-bit integer.</summary>
    Byte = 1,
    /// <summary>Character (text).</summary>
    Char = 2,
    /// <summary>Signed 16-bit integer.</summary>
    Short = 3,
    /// <summary>Signed 32-bit integer.</summary>
    Int = 4,
    /// <summary>32-bit IEEE float.</summary>
    Float = 5,
    /// <summary>64-bit IEEE float.</summary>
    Double = 6,
    /// <summary>Unsigned 8-bit integer (netCDF-4).</summary>
    UByte = 7,
    /// <summary>Unsigned 16-bit integer (netCDF-4).</summary>
    UShort = 8,
    /// <summary>Unsigned 32-bit integer (netCDF-4).</summary>
    UInt = 9,
    /// <summary>Signed 64-bit integer (netCDF-4).</summary>
    Int64 = 10,
    /// <summary>Unsigned 64-bit integer (netCDF-4).</summary>
    UInt64 = 11,
    /// <summary>Variable-length string (netCDF-4).</summary>
    String = 12,
}
