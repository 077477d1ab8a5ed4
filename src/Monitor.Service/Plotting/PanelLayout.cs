using Monitor.Core.Grids;
using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>
/// Pixel geometry of a panel: a title band above a grid of equal tiles, one per map, each a map area of the grid's
/// aspect ratio (plate carrée) framed by fixed margins for the map title, the tick labels and the colour bar.
/// </summary>
/// <param name="Columns">Tiles per row of the panel.</param>
/// <param name="Rows">Rows of tiles.</param>
/// <param name="MapWidth">Width of one map's data area (px).</param>
/// <param name="MapHeight">Height of one map's data area (px).</param>
/// <param name="TitleLines">Lines of the figure title.</param>
internal sealed record PanelLayout(int Columns, int Rows, int MapWidth, int MapHeight, int TitleLines = 1)
{
    /// <summary>Most maps side by side.</summary>
    public const int MaxColumns = 3;

    /// <summary>Space above and below the figure title's lines (px).</summary>
    public const int TitleMargin = 12;

    /// <summary>Height of one line of the figure title (px).</summary>
    public const int TitleLineHeight = 26;

    private const int PreferredMapWidth = 400;
    private const int MaxMapHeight = 440;
    private const int MinMapSide = 120;

    /// <summary>Margins around each map's data area (px): tick labels left and below, title above, colour bar right.</summary>
    public static PixelPadding MapPadding { get; } = new(left: 60, right: 130, bottom: 30, top: 34);

    /// <summary>Height of the figure title band (px).</summary>
    public int TitleHeight => (2 * TitleMargin) + (TitleLines * TitleLineHeight);

    /// <summary>Width of one tile: a map with its margins (px).</summary>
    public int TileWidth => (int)(MapPadding.Left + MapWidth + MapPadding.Right);

    /// <summary>Height of one tile: a map with its margins (px).</summary>
    public int TileHeight => (int)(MapPadding.Top + MapHeight + MapPadding.Bottom);

    /// <summary>Width of the whole figure (px).</summary>
    public int Width => Columns * TileWidth;

    /// <summary>Height of the whole figure (px).</summary>
    public int Height => TitleHeight + (Rows * TileHeight);

    /// <summary>The layout for <paramref name="mapCount"/> maps on <paramref name="grid"/> under a title of <paramref name="titleLines"/> lines.</summary>
    public static PanelLayout For(GridSpec grid, int mapCount, int titleLines = 1)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfLessThan(mapCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(titleLines, 1);
        int columns = Math.Min(MaxColumns, mapCount);
        int rows = (mapCount + columns - 1) / columns;
        var edges = new CellEdges(grid);
        double aspect = (edges.East - edges.West) / (edges.North - edges.South);
        (int width, int height) = MapSize(aspect);
        return new PanelLayout(columns, rows, width, height, titleLines);
    }

    /// <summary>The tile of map <paramref name="index"/>; tiles fill the panel row by row.</summary>
    public PixelRect TileRect(int index)
    {
        float left = index % Columns * TileWidth;
        float top = TitleHeight + (index / Columns * TileHeight);
        return new PixelRect(left, left + TileWidth, top + TileHeight, top);
    }

    private static (int Width, int Height) MapSize(double aspect)
    {
        int width = PreferredMapWidth;
        int height = (int)Math.Round(width / aspect);
        if (height > MaxMapHeight)
        {
            height = MaxMapHeight;
            width = Math.Max(MinMapSide, (int)Math.Round(height * aspect));
        }

        return (width, Math.Max(MinMapSide, height));
    }
}
