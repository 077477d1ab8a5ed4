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
    private readonly string _title;

    /// <summary>Lays out <paramref name="maps"/> with the outlines traced from the optional masks.</summary>
    public PanelFigure(GridSpec grid, IReadOnlyList<PanelMap> maps, float[]? landFraction, bool[]? regionMask, string title)
    {
        PanelFont.EnsureRegistered();
        Layout = PanelLayout.For(grid, maps.Count);
        OutlinePath? land = landFraction is null ? null : OutlinePath.Trace(grid, cell => landFraction[cell] >= LandThreshold);
        OutlinePath? region = regionMask is null ? null : OutlinePath.Trace(grid, cell => regionMask[cell]);
        _plots = maps.Select(map => MapPlot.Create(grid, map, land, region)).ToList();
        _title = title;
    }

    /// <summary>Where everything goes.</summary>
    public PanelLayout Layout { get; }

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
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The pixel of (<paramref name="latitude"/>, <paramref name="longitude"/>) on map <paramref name="mapIndex"/> in the last rendering.</summary>
    public Pixel PixelOf(int mapIndex, double latitude, double longitude) =>
        _plots[mapIndex].GetPixel(new Coordinates(longitude, latitude));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Plot plot in _plots)
        {
            plot.Dispose();
        }
    }

    private void DrawTitle(SKCanvas canvas)
    {
        var label = new LabelStyle
        {
            Text = _title,
            FontSize = MapStyle.FigureTitleSize,
            Bold = true,
            Alignment = Alignment.MiddleCenter,
        };
        using Paint paint = Paint.NewDisposablePaint();
        label.Render(canvas, new Pixel(Layout.Width / 2f, PanelLayout.TitleHeight / 2f), paint);
    }
}
