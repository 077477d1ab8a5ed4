using Monitor.Core.Grids;
using Monitor.Core.Storage;

namespace Monitor.Service.Plotting;

/// <summary>
/// Renders relevance maps as one PNG panel: the maps in a grid of up to three columns under a figure title, each
/// with a diverging colour scale centred on zero (its own, or one shared by all maps), a colour bar labelled with its
/// units, degree axes, the coastline and the outline of the explained region; optionally zoomed on the region and
/// its relevance, with longitudes re-centred so that nothing is split at the grid's seam.
/// </summary>
public static class RelevancePanel
{
    /// <summary>
    /// Writes the panel to <paramref name="path"/> (PNG; the folder is created, an existing file replaced whole).
    /// Each map's colour scale runs from −L to +L, with L the 99th percentile of the shown |values| (the largest
    /// |value| when that is 0) — of that map, or of every map with <see cref="PanelOptions.SharedColorScale"/> — so
    /// zero takes the neutral middle colour; missing (NaN) cells are grey.
    /// </summary>
    /// <param name="path">Output file.</param>
    /// <param name="grid">The grid of every map and mask.</param>
    /// <param name="maps">The maps, in reading order; at least one.</param>
    /// <param name="landFraction">Land fraction per cell (0…1, <c>[lat, lon]</c> row-major); the coastline is drawn
    /// along the cell edges where it crosses 0.5. Null draws no coastline.</param>
    /// <param name="regionMask">Cells of the explained region (<c>[lat, lon]</c> row-major); its outline is drawn
    /// along the cell edges between inside and outside. Null draws none.</param>
    /// <param name="title">Figure title; a line break starts a second, smaller line.</param>
    /// <param name="options">Window and colour scale; null is <see cref="PanelOptions.Default"/> (the whole grid, a
    /// scale per map).</param>
    /// <exception cref="ArgumentException">A map, the land fraction or the region mask does not match the grid,
    /// or there is no map; the message names the offending map.</exception>
    public static void Write(string path, GridSpec grid, IReadOnlyList<PanelMap> maps,
        float[]? landFraction, bool[]? regionMask, string title, PanelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(title);
        grid.Validate();
        Validate(grid, maps, landFraction, regionMask);

        WriteReplacing(path, Encode(grid, maps, landFraction, regionMask, title, options));
    }

    /// <summary>The same panel as PNG bytes (for an e-mail), with the same checks as <see cref="Write"/>.</summary>
    public static byte[] Encode(GridSpec grid, IReadOnlyList<PanelMap> maps, float[]? landFraction, bool[]? regionMask, string title, PanelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(title);
        grid.Validate();
        Validate(grid, maps, landFraction, regionMask);
        if (options?.Window is { } window && !window.IsOn(grid))
        {
            throw new ArgumentException($"The panel's window is not on the maps' grid {grid}.", nameof(options));
        }

        using var figure = new PanelFigure(grid, maps, landFraction, regionMask, title, options);
        return figure.EncodePng();
    }

    private static void Validate(GridSpec grid, IReadOnlyList<PanelMap> maps, float[]? landFraction, bool[]? regionMask)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Count == 0)
        {
            throw new ArgumentException("A relevance panel needs at least one map.", nameof(maps));
        }

        foreach (PanelMap map in maps)
        {
            ArgumentNullException.ThrowIfNull(map, nameof(maps));
            if (map.Values is null || map.Values.Length != grid.CellCount)
            {
                throw new ArgumentException(
                    $"Map '{map.Title}' has {map.Values?.Length ?? 0} values; the grid {grid} has {grid.CellCount} cells.",
                    nameof(maps));
            }
        }

        CheckLength(landFraction?.Length, grid, nameof(landFraction));
        CheckLength(regionMask?.Length, grid, nameof(regionMask));
    }

    private static void CheckLength(int? length, GridSpec grid, string name)
    {
        if (length is int count && count != grid.CellCount)
        {
            throw new ArgumentException($"The {name} has {count} cells; the grid {grid} has {grid.CellCount}.", name);
        }
    }

    private static void WriteReplacing(string path, byte[] png)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        // A reader (mail, /maps) never sees half a file.
        AtomicFile.WriteAllBytes(fullPath, png);
    }
}
