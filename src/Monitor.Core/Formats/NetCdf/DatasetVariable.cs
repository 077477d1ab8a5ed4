using Monitor.Core.Grids;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>
/// A data variable of a <see cref="NetCdfDataset"/>, with what CF decoding found: its canonical identity, grid,
/// times, pressure levels and how its dimensions are laid out.
/// </summary>
public sealed record DatasetVariable
{
    /// <summary>Name in the file.</summary>
    public required string FileName { get; init; }

    /// <summary>Canonical variable when the name (or an alias) is in the catalogue; null otherwise.</summary>
    public VariableInfo? Canonical { get; init; }

    /// <summary>Units of the values returned (canonical units when known, else the file's).</summary>
    public required string Units { get; init; }

    /// <summary>Units as written in the file (empty when absent).</summary>
    public required string FileUnits { get; init; }

    /// <summary>Conversion from the file's (unpacked) values to the returned units.</summary>
    public required double Scale { get; init; }

    /// <summary>Offset of the conversion to the returned units.</summary>
    public required double Offset { get; init; }

    /// <summary>Grid of the returned fields (rows north → south, the requested longitude convention).</summary>
    public required GridSpec Grid { get; init; }

    /// <summary>Valid times (UTC) along the time dimension; empty when the variable has none.</summary>
    public required IReadOnlyList<DateTime> Times { get; init; }

    /// <summary>Pressure levels (hPa) along the level dimension; empty when the variable has none.</summary>
    public required IReadOnlyList<int> LevelsHpa { get; init; }

    /// <summary>Dimension names in file order, for display.</summary>
    public required IReadOnlyList<string> DimensionNames { get; init; }

    internal NetCdfVariable Variable { get; init; } = null!;

    internal int TimeAxis { get; init; }

    internal int LevelAxis { get; init; }

    internal int LatitudeAxis { get; init; }

    internal int LongitudeAxis { get; init; }

    internal bool LatitudeFlipped { get; init; }

    internal int LongitudeShift { get; init; }

    /// <summary>The canonical id of the field at a level (null level for single-level variables).</summary>
    public VariableId? IdAt(int? levelHpa) => Canonical is null ? null : new VariableId(Canonical.Name, Canonical.IsPressureLevel ? levelHpa : null);
}
