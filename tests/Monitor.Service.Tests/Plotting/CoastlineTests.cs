using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Service.Plotting;

namespace Monitor.Service.Tests.Plotting;

/// <summary>
/// GSHHG shorelines read from Debian's gmt-gshhg-low: points lie on known coasts and never in the open ocean, and
/// a window across 0° gets Europe's shores at the longitudes its axis runs.
/// </summary>
public sealed class CoastlineTests
{
    private static Coastline Crude()
    {
        return Coastline.FindInstalled(cellSize: 5.625) ?? throw new InvalidOperationException(
            $"No binned_GSHHS_*.nc under {Coastline.InstalledFolder}: install gmt-gshhg-low (scripts/install-deps.sh).");
    }

    [Fact]
    public void FindInstalled_PicksCrudeForCoarseCells_AndLowForFineOnes()
    {
        Assert.EndsWith("binned_GSHHS_c.nc", Crude().FilePath, StringComparison.Ordinal);
        Assert.EndsWith("binned_GSHHS_l.nc", Coastline.FindInstalled(cellSize: 0.25)!.FilePath, StringComparison.Ordinal);
        Assert.Null(Coastline.FindInstalled(1, Path.Combine(Path.GetTempPath(), "no-gshhg-here")));
        Assert.Equal(20, Crude().BinSize, 1e-9);
    }

    [Theory]
    [InlineData(36.0, -5.6, "Gibraltar")]
    [InlineData(51.0, 1.9, "Calais")]
    [InlineData(-34.4, 18.5, "Cape of Good Hope")]
    [InlineData(-33.9, 151.3, "Sydney")]
    [InlineData(40.6, -74.0, "New York")]
    public void KnownCoasts_HaveShorePointsNearby(double latitude, double longitude, string place)
    {
        OutlinePath shores = Crude().Within(-180, 540, -90, 90);

        double nearest = Points(shores).Min(p => Math.Max(Math.Abs(p.Latitude - latitude), LongitudeDistance(p.Longitude, longitude)));

        Assert.True(nearest < 0.6, $"{place}: nearest shore point {nearest:F2}° away");
    }

    [Theory]
    [InlineData(-40, -30, -130, -100, "South Pacific")]
    [InlineData(20, 28, 0, 20, "Sahara")]
    [InlineData(-10, 0, -30, -20, "equatorial Atlantic")]
    public void OpenOceanAndDesert_HaveNoShorePoints(double south, double north, double west, double east, string place)
    {
        OutlinePath shores = Crude().Within(-180, 540, -90, 90);

        Assert.DoesNotContain(Points(shores), p => p.Latitude > south && p.Latitude < north
            && GridSpec.NormalizeLongitude(p.Longitude, LongitudeConvention.Minus180To180) is var lon && lon > west && lon < east);
        Assert.True(shores.Longitudes.Length > 1000, $"{place}: only {shores.Longitudes.Length} points in the whole world");
    }

    [Fact]
    public void WindowAcrossGreenwich_GetsEuropeAtTheAxisLongitudes()
    {
        // W1's window around 40..55N, 350..20E runs from about 320°E to 400°E.
        OutlinePath shores = Crude().Within(320, 400, 30, 70);
        (double Latitude, double Longitude)[] points = [.. Points(shores)];

        Assert.Contains(points, p => Math.Abs(p.Latitude - 51.0) < 0.6 && Math.Abs(p.Longitude - 361.9) < 0.6);   // Calais at 1.9°E + 360
        Assert.Contains(points, p => Math.Abs(p.Latitude - 36.0) < 0.6 && Math.Abs(p.Longitude - 354.4) < 0.6);   // Gibraltar at 5.6°W
        Assert.All(points, p => Assert.InRange(p.Longitude, 320 - Crude().BinSize, 400 + Crude().BinSize));
    }

    [Fact]
    public void Panel_DrawsTheShoreWhereItIs()
    {
        GridSpec grid = SyntheticGrids.Global5625;
        bool[] region = MapWindowTests.Region(grid, 40, 55, 350, 20);
        PanelMap[] maps = [new PanelMap("zero", "K", new float[grid.CellCount])];

        using var panel = RenderedPanel.Render(grid, maps, regionMask: region,
            options: new PanelOptions { ZoomToRegion = true, Coastline = Crude() });

        // The Strait of Gibraltar (5.6°W, west of the seam) and the open Bay of Biscay; relevance is zero, so only
        // the shore can darken a pixel there.
        AssertDarkness(panel, 36.0, -5.6, expectDark: true);
        AssertDarkness(panel, 45.5, -4.0, expectDark: false);
    }

    private static void AssertDarkness(RenderedPanel panel, double latitude, double longitude, bool expectDark)
    {
        (int x, int y) = panel.PixelIndex(0, latitude, longitude);
        double darkest = (from dy in Enumerable.Range(-2, 5)
                          from dx in Enumerable.Range(-2, 5)
                          select PanelColors.Brightness(panel.Bitmap.GetPixel(x + dx, y + dy))).Min();
        Assert.True(expectDark ? darkest < 180 : darkest > 200, $"{latitude}N {longitude}E: darkest pixel brightness {darkest}");
    }

    private static IEnumerable<(double Latitude, double Longitude)> Points(OutlinePath shores) =>
        shores.Latitudes.Zip(shores.Longitudes).Where(p => !double.IsNaN(p.First));

    private static double LongitudeDistance(double a, double b) => Math.Abs(GridSpec.NormalizeLongitude(a - b, LongitudeConvention.Minus180To180));
}
