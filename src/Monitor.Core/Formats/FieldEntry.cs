using Monitor.Core.Grids;

namespace Monitor.Core.Formats;

/// <summary>One 2-D field a data file holds, described without reading its values.</summary>
/// <param name="Variable">Canonical variable (with level), or null when the name is not in the catalogue.</param>
/// <param name="NameInFile">The name in the file (netCDF variable or GRIB shortName).</param>
/// <param name="ValidTime">Valid time (UTC), null for static fields.</param>
/// <param name="ReferenceTime">Forecast initialisation time (UTC) when the file says, else null.</param>
/// <param name="Grid">Grid, or null when the grid is not supported.</param>
/// <param name="Units">Units of the values read.</param>
/// <param name="UnsupportedReason">Why the field cannot be read (unsupported grid), or null.</param>
public sealed record FieldEntry(
    VariableId? Variable,
    string NameInFile,
    DateTime? ValidTime,
    DateTime? ReferenceTime,
    GridSpec? Grid,
    string Units,
    string? UnsupportedReason = null)
{
    /// <summary>Position of the field within its file (variable/time/level or message index), for the reader.</summary>
    public required int Index { get; init; }

    /// <summary>Secondary position (time index for netCDF), for the reader.</summary>
    public int SubIndex { get; init; }

    /// <summary>Pressure level (hPa) of the field, when it is on one.</summary>
    public int? LevelHpa { get; init; }
}
