using Monitor.Core.Grids;
using Monitor.Service.Plotting;
using SkiaSharp;

namespace Monitor.Service.Tests.Plotting;

/// <summary>
/// A panel rendered through <see cref="PanelFigure"/> and decoded back from its PNG, sampled at map coordinates
/// through ScottPlot's own data-to-pixel mapping of that rendering.
/// </summary>
internal sealed class RenderedPanel : IDisposable
{
    private readonly GridSpec _grid;
    private readonly PanelFigure _figure;

    private RenderedPanel(GridSpec grid, PanelFigure figure, SKBitmap bitmap)
    {
        _grid = grid;
        _figure = figure;
        Bitmap = bitmap;
    }

    public SKBitmap Bitmap { get; }

    public PanelLayout Layout => _figure.Layout;

    /// <summary>The figure that was rendered: its window, colour limits and data areas.</summary>
    public PanelFigure Figure => _figure;

    public static RenderedPanel Render(
        GridSpec grid, IReadOnlyList<PanelMap> maps, float[]? landFraction = null, bool[]? regionMask = null, PanelOptions? options = null)
    {
        var figure = new PanelFigure(grid, maps, landFraction, regionMask, "Test panel", options);
        SKBitmap bitmap = SKBitmap.Decode(figure.EncodePng());
        return new RenderedPanel(grid, figure, bitmap);
    }

    /// <summary>The pixel containing (latitude, longitude) on map <paramref name="map"/>.</summary>
    public SKColor At(int map, double latitude, double longitude)
    {
        (int x, int y) = PixelIndex(map, latitude, longitude);
        return Bitmap.GetPixel(x, y);
    }

    /// <summary>The pixel at the centre of cell (row, column).</summary>
    public SKColor Cell(int map, int row, int column) => At(map, _grid.Latitude(row), _grid.Longitude(column));

    /// <summary>Whether (latitude, longitude) falls inside the data area of map <paramref name="map"/>.</summary>
    public bool Shows(int map, double latitude, double longitude)
    {
        ScottPlot.Pixel pixel = _figure.PixelOf(map, latitude, longitude);
        return _figure.DataRect(map).Contains(pixel);
    }

    /// <summary>Integer pixel indices of the pixel containing (latitude, longitude).</summary>
    public (int X, int Y) PixelIndex(int map, double latitude, double longitude)
    {
        ScottPlot.Pixel pixel = _figure.PixelOf(map, latitude, longitude);
        return ((int)Math.Floor(pixel.X), (int)Math.Floor(pixel.Y));
    }

    public void Dispose()
    {
        Bitmap.Dispose();
        _figure.Dispose();
    }
}
