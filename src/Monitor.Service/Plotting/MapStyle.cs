using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>The look of panel maps, in one place so that tests can sample the same colours.</summary>
internal static class MapStyle
{
    /// <summary>
    /// Diverging colour map (cmocean "balance": blue for negative, red for positive); its middle, where zero
    /// lands on a symmetric scale, is a near-white neutral.
    /// </summary>
    public static IColormap Colormap { get; } = new ScottPlot.Colormaps.Balance();

    /// <summary>Fill of missing (NaN) cells: a mid grey, unlike any colour of the colour map.</summary>
    public static Color MissingColor { get; } = new(170, 170, 170);

    /// <summary>The coastline traced from the land fraction along cell edges: thin dark grey.</summary>
    public static OutlineStyle Land { get; } = new(new Color(64, 64, 64), 1.5f);

    /// <summary>GSHHG shorelines: thinner, since they follow the shore rather than the cells.</summary>
    public static OutlineStyle Shore { get; } = new(new Color(64, 64, 64), 1.0f);

    /// <summary>The explained region: thicker black, so it stands out from the coastline.</summary>
    public static OutlineStyle Region { get; } = new(Colors.Black, 2.5f);

    /// <summary>Font size of each map's title (px).</summary>
    public const float MapTitleSize = 14;

    /// <summary>Font size of the figure title (px).</summary>
    public const float FigureTitleSize = 20;

    /// <summary>Font size of the figure title's further lines (px).</summary>
    public const float FigureSubtitleSize = 15;

    /// <summary>Font size of tick labels and the colour bar label (px).</summary>
    public const float LabelSize = 11;
}
