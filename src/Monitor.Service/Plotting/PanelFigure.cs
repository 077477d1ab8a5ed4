using Monitor.Core.Grids;
using ScottPlot;
using SkiaSharp;

namespace Monitor.Service.Plotting;

/// <summary>
/// A panel of maps ready to render: one ScottPlot plot per map placed by a <see cref="PanelLayout"/>, under a figure
/// title. Inputs are assumed valid (<see cref="RelevancePanel"/> checks them).
/// </summary>
internal sealed class PanelFigure : IDisposable
{
    /// <summary>Land fraction at and above which a cell counts as land for the coastline.</summary>
    private const float LandThreshold = 0.5f;

    private readonly List<Plot> _plots;
    private readonly string[] _titleLines;
    private readonly double[] _colorLimits;
    private readonly IReadOnlyList<MapLabel> _labels;

    /// <summary>
    /// Lays out <paramref name="maps"/> in the window <paramref name="options"/> asks for, with the outlines traced
    /// from the optional masks and the colour limits of <see cref="SymmetricColorLimit"/> taken over the shown cells.
    /// </summary>
    /// <param name="grid">The grid of the maps and masks.</param>
    /// <param name="maps">The maps in reading order.</param>
    /// <param name="landFraction">Land fraction per cell, or null; its outline is the coastline unless
    /// <paramref name="options"/> brings shorelines.</param>
    /// <param name="regionMask">The explained region, or null.</param>
    /// <param name="title">Figure title; a line break starts a second line.</param>
    /// <param name="options">Window and colour scale; null is <see cref="PanelOptions.Default"/>.</param>
    public PanelFigure(GridSpec grid, IReadOnlyList<PanelMap> maps, float[]? landFraction, bool[]? regionMask, string title, PanelOptions? options = null)
    {
        options ??= PanelOptions.Default;
        PanelFont.EnsureRegistered();
        Window = options.Window ?? (options.ZoomToRegion && regionMask is not null
            ? MapWindow.Around(grid, regionMask, maps.Select(map => map.Values))
            : MapWindow.Whole(grid));
        GridSpec shown = Window.Grid;
        _titleLines = title.Split('\n');
        _labels = options.Labels;
        Layout = PanelLayout.For(shown, maps.Count, _titleLines.Length);
        var edges = new CellEdges(shown);
        OutlinePath? land = options.Coastline is { } coastline
            ? coastline.Within(edges.West, edges.East, edges.South, edges.North)
            : landFraction is null ? null : OutlinePath.Trace(shown, Threshold(Window.Crop(landFraction)));
        OutlinePath? region = regionMask is null ? null : OutlinePath.Trace(shown, Inside(Window.Crop(regionMask)));
        float[][] values = [.. maps.Select(map => Window.Crop(map.Values))];
        _colorLimits = options.SharedColorScale
            ? Enumerable.Repeat(SymmetricColorLimit.Compute(values.SelectMany(v => v)), values.Length).ToArray()
            : [.. values.Select(v => SymmetricColorLimit.Compute(v))];
        _plots = maps.Select((map, i) => MapPlot.Create(shown, map with { Values = values[i] }, _colorLimits[i], land, options.Coastline is null ? MapStyle.Land : MapStyle.Shore, region)).ToList();
    }

    /// <summary>Where everything goes.</summary>
    public PanelLayout Layout { get; }

    /// <summary>The part of the grid the maps show.</summary>
    public MapWindow Window { get; }

    /// <summary>The colour limit L of map <paramref name="mapIndex"/>: its scale runs from −L to +L.</summary>
    public double ColorLimit(int mapIndex) => _colorLimits[mapIndex];

    /// <summary>The data area of map <paramref name="mapIndex"/> in the last rendering (px).</summary>
    public PixelRect DataRect(int mapIndex) => _plots[mapIndex].LastRender.DataRect;

    /// <summary>Renders the panel and encodes it as PNG.</summary>
    public byte[] EncodePng()
    {
        using SKSurface surface = SKSurface.Create(new SKImageInfo(Layout.Width, Layout.Height))
            ?? throw new InvalidOperationException($"Could not allocate a {Layout.Width}×{Layout.Height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        DrawTitle(surface.Canvas);
        for (int i = 0; i < _plots.Count; i++)
        {
            _plots[i].Render(surface.Canvas, Layout.TileRect(i));
            DrawLabels(surface.Canvas, i);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The pixel of (<paramref name="latitude"/>, <paramref name="longitude"/>) on map <paramref name="mapIndex"/> in the last rendering.</summary>
    /// <remarks>Longitudes are taken modulo 360, as the window's axis runs.</remarks>
    public Pixel PixelOf(int mapIndex, double latitude, double longitude) =>
        _plots[mapIndex].GetPixel(new Coordinates(Window.AxisLongitude(longitude), latitude));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Plot plot in _plots)
        {
            plot.Dispose();
        }
    }

    private static Func<int, bool> Inside(bool[] mask) => cell => mask[cell];

    private static Func<int, bool> Threshold(float[] landFraction) => cell => landFraction[cell] >= LandThreshold;

    private void DrawLabels(SKCanvas canvas, int mapIndex)
    {
        if (_labels.Count == 0)
        {
            return;
        }

        PixelRect area = DataRect(mapIndex);
        using Paint paint = Paint.NewDisposablePaint();
        var drawn = new List<PixelRect>();
        foreach (MapLabel label in _labels)
        {
            Pixel at = PixelOf(mapIndex, label.Latitude, label.Longitude);
            // A label over an earlier one would hide it: the earlier (more important) one is kept.
            float halfWidth = (label.Text.Length * MapStyle.LabelSize * 0.35f) + 3, halfHeight = (MapStyle.LabelSize / 2) + 3;
            var box = new PixelRect(at.X - halfWidth, at.X + halfWidth, at.Y + halfHeight, at.Y - halfHeight);
            if (!area.Contains(at) || drawn.Any(d => Overlap(d, box)))
            {
                continue;
            }

            drawn.Add(box);

            // A white box keeps the text readable on any colour of the field.
            var style = new LabelStyle
            {
                Text = label.Text,
                FontSize = MapStyle.LabelSize,
                Bold = true,
                Alignment = Alignment.MiddleCenter,
                BackgroundColor = Colors.White.WithAlpha(0.8),
                BorderColor = Colors.Black,
                BorderWidth = 1,
                Padding = 2,
            };
            style.Render(canvas, at, paint);
        }
    }

    private static bool Overlap(PixelRect a, PixelRect b) => a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;

    private void DrawTitle(SKCanvas canvas)
    {
        using Paint paint = Paint.NewDisposablePaint();
        for (int line = 0; line < _titleLines.Length; line++)
        {
            // The first line says what is explained; the others (how, against what) are set smaller.
            var label = new LabelStyle
            {
                Text = _titleLines[line],
                FontSize = line == 0 ? MapStyle.FigureTitleSize : MapStyle.FigureSubtitleSize,
                Bold = line == 0,
                Alignment = Alignment.MiddleCenter,
            };
            label.Render(canvas, new Pixel(Layout.Width / 2f, PanelLayout.TitleMargin + ((line + 0.5f) * PanelLayout.TitleLineHeight)), paint);
        }
    }
}
