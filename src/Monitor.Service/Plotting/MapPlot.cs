using System.Globalization;
using Monitor.Core.Grids;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace Monitor.Service.Plotting;

/// <summary>Builds the ScottPlot plot of one map: the field, its colour bar, the outlines and degree axes.</summary>
internal static class MapPlot
{
    /// <summary>
    /// A plot of <paramref name="map"/> on <paramref name="grid"/> with a colour scale from −<paramref name="colorLimit"/>
    /// to +<paramref name="colorLimit"/>, the optional outlines drawn over it, laid out with
    /// <see cref="PanelLayout.MapPadding"/>. Non-finite values are drawn as missing; a map without any finite value is
    /// all missing and has no colour bar.
    /// </summary>
    /// <param name="grid">The map's grid.</param>
    /// <param name="map">The field and its titles.</param>
    /// <param name="colorLimit">L of the colour scale −L…+L.</param>
    /// <param name="land">The coastline, or null.</param>
    /// <param name="landStyle">How the coastline is stroked.</param>
    /// <param name="region">The explained region's outline, or null.</param>
    public static Plot Create(GridSpec grid, PanelMap map, double colorLimit, OutlinePath? land, OutlineStyle landStyle, OutlinePath? region)
    {
        var edges = new CellEdges(grid);
        var plot = new Plot();
        if (map.Values.Any(float.IsFinite))
        {
            Heatmap heatmap = AddField(plot, grid, edges, map.Values, colorLimit);
            AddColorBar(plot, heatmap, map.Units);
        }
        else
        {
            // Nothing to scale (ScottPlot's heatmap cannot range an all-missing field): the whole map is missing.
            plot.DataBackground.Color = MapStyle.MissingColor;
        }

        AddOutline(plot, land, landStyle);
        AddOutline(plot, region, MapStyle.Region);
        SetUpAxes(plot, edges);
        plot.Title(map.Title, MapStyle.MapTitleSize);
        plot.Layout.Fixed(PanelLayout.MapPadding);
        // The panel renders several plots onto one canvas: each must paint only its own rectangle.
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        return plot;
    }

    private static Heatmap AddField(Plot plot, GridSpec grid, CellEdges edges, float[] values, double limit)
    {
        // ScottPlot draws intensity row 0 at the top, which is where GridSpec's northernmost row belongs.
        Heatmap heatmap = plot.Add.Heatmap(ToRowsAndColumns(values, grid.LatitudeCount, grid.LongitudeCount));
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        heatmap.Colormap = MapStyle.Colormap;
        heatmap.NaNCellColor = MapStyle.MissingColor;
        heatmap.Rectangle = new CoordinateRect(edges.West, edges.East, edges.South, edges.North);
        return heatmap;
    }

    private static double[,] ToRowsAndColumns(float[] values, int rows, int columns)
    {
        var field = new double[rows, columns];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                float value = values[(row * columns) + column];
                field[row, column] = float.IsFinite(value) ? value : double.NaN;
            }
        }

        return field;
    }

    private static void AddColorBar(Plot plot, Heatmap heatmap, string units)
    {
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = units;
        colorBar.LabelStyle.FontSize = MapStyle.LabelSize + 1;
        colorBar.Axis.TickLabelStyle.FontSize = MapStyle.LabelSize;
        // Relevance is often tiny (1e-5): three significant digits keep the labels inside the margin.
        colorBar.Axis.TickGenerator = new NumericAutomatic
        {
            LabelFormatter = value => value.ToString("G3", CultureInfo.InvariantCulture),
        };
    }

    private static void AddOutline(Plot plot, OutlinePath? outline, OutlineStyle style)
    {
        if (outline is null || outline.IsEmpty)
        {
            return;
        }

        Scatter line = plot.Add.ScatterLine(outline.Longitudes, outline.Latitudes, style.Color);
        line.LineWidth = style.Width;
        line.MarkerSize = 0;
    }

    private static void SetUpAxes(Plot plot, CellEdges edges)
    {
        double north = Math.Min(90, edges.North);
        double south = Math.Max(-90, edges.South);
        plot.Axes.SetLimits(edges.West, edges.East, south, north);
        plot.Axes.Bottom.TickGenerator = DegreeTicks.Longitude(edges.East - edges.West);
        plot.Axes.Left.TickGenerator = DegreeTicks.Latitude(north - south);
        plot.Axes.Bottom.TickLabelStyle.FontSize = MapStyle.LabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = MapStyle.LabelSize;
        plot.HideGrid();
    }
}
