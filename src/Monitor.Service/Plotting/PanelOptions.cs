namespace Monitor.Service.Plotting;

/// <summary>How a <see cref="RelevancePanel"/> frames and colours its maps.</summary>
public sealed record PanelOptions
{
    /// <summary>The whole grid, one colour scale per map.</summary>
    public static PanelOptions Default { get; } = new();

    /// <summary>
    /// Show only the window around the region mask and where the maps' values are (<see cref="MapWindow.Around"/>),
    /// with longitudes re-centred so that a region across the grid's seam is drawn in one piece. Without a region
    /// mask, or with an empty one, the whole grid is shown. Default false: the whole grid as it is.
    /// </summary>
    public bool ZoomToRegion { get; init; }

    /// <summary>
    /// One colour scale for every map (their values must share units), so that equal values have equal colours across
    /// the maps; default false: each map scaled to its own values.
    /// </summary>
    public bool SharedColorScale { get; init; }

    /// <summary>
    /// Shorelines to draw (GSHHG, <see cref="Coastline.FindInstalled"/>); null (the default) draws the outline of the
    /// land fraction instead, where it crosses 0.5, when the panel is given one.
    /// </summary>
    public Coastline? Coastline { get; init; }

    /// <summary>
    /// The window to show, on the maps' grid, whatever <see cref="ZoomToRegion"/> says — e.g. the window of another panel
    /// of the same region, so that two pictures frame the same place; default null.
    /// </summary>
    internal MapWindow? Window { get; init; }

    /// <summary>Texts drawn on every map at their places (outside the shown window they are left out); default none.</summary>
    public IReadOnlyList<MapLabel> Labels { get; init; } = [];
}
