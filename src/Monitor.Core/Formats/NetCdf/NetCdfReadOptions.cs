using Monitor.Core.Grids;

namespace Monitor.Core.Formats.NetCdf;

/// <summary>How a <see cref="NetCdfDataset"/> interprets a file.</summary>
public sealed record NetCdfReadOptions
{
    /// <summary>Default options: native longitudes, the default catalogue, no time fallback.</summary>
    public static readonly NetCdfReadOptions Default = new();

    /// <summary>Longitude convention of the fields returned (global grids are rolled; regional ones relabelled).</summary>
    public LongitudeConvention Longitudes { get; init; } = LongitudeConvention.Native;

    /// <summary>Catalogue that maps file names to canonical variables.</summary>
    public VariableCatalog Catalog { get; init; } = VariableCatalog.Default;

    /// <summary>
    /// CF time units to assume when a time coordinate has none (e.g. <c>hours since 2026-01-01 00:00</c>); null to
    /// refuse such files with <see cref="TimeAxisException"/>.
    /// </summary>
    public string? TimeUnitsFallback { get; init; }

    /// <summary>
    /// Dimensions to place by another name (name in file → a name CF decoding knows, e.g. <c>timestep</c> →
    /// <c>time</c>): such a dimension is classified by the new name alone; its coordinate variable keeps its own name.
    /// </summary>
    public IReadOnlyDictionary<string, string> DimensionNames { get; init; } = new Dictionary<string, string>();
}
