using Monitor.Core.Grids;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// What one GRIB field is, read from its metadata without decoding its values. A GRIB2 message carrying several
/// fields yields one <see cref="GribMessageInfo"/> per field, sharing <see cref="ByteOffset"/>.
/// </summary>
public sealed record GribMessageInfo
{
    /// <summary>Position of the field in the file (0-based, counting each field of a multi-field message).</summary>
    public required int Index { get; init; }

    /// <summary>Byte offset of the GRIB message holding the field, from the start of the file.</summary>
    public required long ByteOffset { get; init; }

    /// <summary>Position of the field inside its message (0 unless the message carries several fields).</summary>
    public required int FieldInMessage { get; init; }

    /// <summary>GRIB edition (1 or 2).</summary>
    public required int Edition { get; init; }

    /// <summary>ecCodes shortName, e.g. <c>2t</c>, <c>gh</c>; <c>unknown</c> when ecCodes has no name for the parameter.</summary>
    public required string ShortName { get; init; }

    /// <summary>ecCodes/ECMWF parameter id, e.g. 167 for 2 m temperature.</summary>
    public required long ParamId { get; init; }

    /// <summary>ecCodes typeOfLevel, e.g. <c>surface</c>, <c>heightAboveGround</c>, <c>isobaricInhPa</c>.</summary>
    public required string TypeOfLevel { get; init; }

    /// <summary>The level, in the units of <see cref="TypeOfLevel"/> (hPa for <c>isobaricInhPa</c>, m for heights).</summary>
    public required long Level { get; init; }

    /// <summary>Units of the coded values as ecCodes names them, e.g. <c>K</c>, <c>gpm</c>.</summary>
    public required string NativeUnits { get; init; }

    /// <summary>Reference (analysis/initialisation) time, from dataDate and dataTime (UTC).</summary>
    public required DateTime ReferenceTime { get; init; }

    /// <summary>
    /// Forecast step (h): the end of the step range, so that an accumulation over 6–12 h has step 12. Fractional for
    /// steps coded in minutes or seconds.
    /// </summary>
    public required double StepHours { get; init; }

    /// <summary>ecCodes stepType: <c>instant</c>, <c>accum</c>, <c>avg</c>, <c>max</c>, <c>min</c>, …</summary>
    public required string StepType { get; init; }

    /// <summary>ecCodes gridType, e.g. <c>regular_ll</c>, <c>reduced_gg</c>, <c>lambert</c>.</summary>
    public required string GridType { get; init; }

    /// <summary>ecCodes packingType, e.g. <c>grid_simple</c>, <c>grid_complex</c>, <c>grid_ccsds</c>.</summary>
    public required string PackingType { get; init; }

    /// <summary>The canonical variable, or null when the field is not in the variable catalogue.</summary>
    public VariableId? Variable { get; init; }

    /// <summary>The catalogue alias that names <see cref="Variable"/>, with the scale and offset to canonical units.</summary>
    public VariableAlias? Conversion { get; init; }

    /// <summary>Valid time (UTC): <see cref="ReferenceTime"/> plus <see cref="StepHours"/>.</summary>
    public DateTime ValidTime => ReferenceTime.AddHours(StepHours);

    /// <summary>The grid (rows north → south, columns west → east), or null when it is not a readable regular_ll grid.</summary>
    public GridSpec? Grid => Layout?.Grid;

    /// <summary>Why the grid cannot be read, or null when <see cref="Grid"/> is set.</summary>
    public string? UnsupportedGridReason { get; init; }

    /// <summary>Grid and scanning mode, for decoding; null when the grid is unsupported.</summary>
    internal GribGridLayout? Layout { get; init; }

    /// <summary>A short description for messages, e.g. <c>#3 gh (isobaricInhPa 500)</c>.</summary>
    public string Describe() => $"#{Index} {ShortName} ({TypeOfLevel} {Level})";
}
