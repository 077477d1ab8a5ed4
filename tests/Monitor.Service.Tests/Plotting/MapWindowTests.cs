using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Service.Plotting;

namespace Monitor.Service.Tests.Plotting;

/// <summary>
/// The window a zoomed panel shows: around the region and where the relevance is, never split at the grid's seam,
/// clipped on a regional grid, the whole circle centred on the region when everything is relevant.
/// </summary>
public sealed class MapWindowTests
{
    private static readonly GridSpec W1 = SyntheticGrids.Global5625;

    /// <summary>W1's cells, numbered from the date line: 180°W…174.375°E.</summary>
    private static readonly GridSpec W1FromDateLine = new(87.1875, 5.625, 32, -180, 5.625, 64);

    [Fact]
    public void RegionAcrossGreenwich_IsOneRunOfColumns_WithAMargin()
    {
        // 40..55N, 350..20E on W1: columns 63, 0, 1, 2, 3 — the two ends of the 0…360° grid.
        bool[] region = Region(W1, 40, 55, 350, 20);

        MapWindow window = MapWindow.Around(W1, region, [new float[W1.CellCount]]);

        Assert.Equal(15, region.Count(r => r));
        Assert.True(window.ColumnCount < W1.LongitudeCount, $"{window.ColumnCount} columns: not zoomed");
        Assert.Equal(window.RowCount * window.ColumnCount, window.Crop(region).Length);
        Assert.Equal(15, window.Crop(region).Count(r => r));   // every region cell is shown
        double[] longitudes = window.Grid.Longitudes();
        Assert.All(longitudes.Zip(longitudes.Skip(1)), pair => Assert.Equal(W1.LongitudeStep, pair.Second - pair.First, 1e-9));
        (double west, double east) = ShownLongitudes(window, region);
        Assert.Equal(354.375, west, 1e-9);                       // 5.625°W, drawn west of …
        Assert.Equal(360 + 16.875, east, 1e-9);                  // … 16.875°E, across 0° without a break
        Assert.True(west - longitudes[0] >= MapWindow.MarginDegrees && longitudes[^1] - east >= MapWindow.MarginDegrees,
            $"window {longitudes[0]}..{longitudes[^1]}°E around the region {west}..{east}°E leaves no margin");
        Assert.True(window.Grid.Longitudes()[^1] - longitudes[0] + W1.LongitudeStep >= MapWindow.MinLongitudeSpan);
    }

    [Fact]
    public void RegionAtTheDateLine_OnAMinus180Grid_IsOneRunOfColumns()
    {
        bool[] region = Region(W1FromDateLine, 30, 45, 170, -170);

        MapWindow window = MapWindow.Around(W1FromDateLine, region, [new float[W1FromDateLine.CellCount]]);

        Assert.Equal(region.Count(r => r), window.Crop(region).Count(r => r));
        (double west, double east) = ShownLongitudes(window, region);
        Assert.Equal(174.375, west, 1e-9);                       // 174.375°E, west of …
        Assert.Equal(360 - 174.375, east, 1e-9);                 // … 174.375°W, continuing east of 180°
        Assert.Equal(180, window.AxisLongitude(-180), 1e-9);
        Assert.Equal(180, window.AxisLongitude(180), 1e-9);
    }

    [Fact]
    public void RelevanceOutsideTheRegion_WidensTheWindow_FaintNoiseDoesNot()
    {
        bool[] region = Region(W1, 40, 55, 0, 20);
        var relevance = new float[W1.CellCount];
        relevance[Cell(W1, row: 8, column: 12)] = 1f;       // 67.5°E: strong, east of the region
        relevance[Cell(W1, row: 28, column: 40)] = 1e-4f;   // 225°E, 70°S: far too faint to count

        MapWindow window = MapWindow.Around(W1, region, [relevance]);

        Assert.Equal(1f, window.Crop(relevance).Max());
        Assert.DoesNotContain(1e-4f, window.Crop(relevance));
        Assert.True(window.RowCount < W1.LatitudeCount);
    }

    [Fact]
    public void RelevanceEverywhere_ShowsTheWholeCircle_CentredOnTheRegion()
    {
        bool[] region = Region(W1, 40, 55, 350, 20);
        float[] relevance = [.. Enumerable.Range(0, W1.CellCount).Select(c => 1f + (c % 7))];

        MapWindow window = MapWindow.Around(W1, region, [relevance]);

        Assert.Equal(W1.LongitudeCount, window.ColumnCount);
        Assert.Equal(W1.LatitudeCount, window.RowCount);
        double[] longitudes = window.Grid.Longitudes();
        double middle = (longitudes[0] + longitudes[^1]) / 2;
        Assert.InRange(GridSpec.NormalizeLongitude(middle, LongitudeConvention.Minus180To180), -6, 12);   // the region's centre, 5.6°E
    }

    [Fact]
    public void RegionalGrid_ClipsTheWindowToTheGrid()
    {
        GridSpec europe = SyntheticGrids.Euro025;
        bool[] region = Region(europe, 66, 72, -44, -40);   // the north-west corner

        MapWindow window = MapWindow.Around(europe, region, [new float[europe.CellCount]]);

        Assert.Equal((0, 0), (window.FirstRow, window.FirstColumn));
        Assert.Equal((int)Math.Ceiling(MapWindow.MinLongitudeSpan / europe.LongitudeStep), window.ColumnCount);
        Assert.Equal((int)Math.Ceiling(MapWindow.MinLatitudeSpan / europe.LatitudeStep), window.RowCount);
    }

    [Fact]
    public void NoRegionAndNoRelevance_ShowsTheWholeGrid()
    {
        MapWindow window = MapWindow.Around(W1, new bool[W1.CellCount], [new float[W1.CellCount]]);

        Assert.True(window.IsWholeGrid);
    }

    /// <summary>Cells whose centres lie in the box; <paramref name="west"/> &gt; <paramref name="east"/> crosses the seam.</summary>
    internal static bool[] Region(GridSpec grid, double south, double north, double west, double east)
    {
        var region = new bool[grid.CellCount];
        for (int row = 0; row < grid.LatitudeCount; row++)
        {
            for (int column = 0; column < grid.LongitudeCount; column++)
            {
                double latitude = grid.Latitude(row);
                double longitude = GridSpec.NormalizeLongitude(grid.Longitude(column), LongitudeConvention.ZeroTo360);
                double w = GridSpec.NormalizeLongitude(west, LongitudeConvention.ZeroTo360), e = GridSpec.NormalizeLongitude(east, LongitudeConvention.ZeroTo360);
                bool inLongitude = w <= e ? longitude >= w && longitude <= e : longitude >= w || longitude <= e;
                region[(row * grid.LongitudeCount) + column] = latitude >= south && latitude <= north && inLongitude;
            }
        }

        return region;
    }

    private static int Cell(GridSpec grid, int row, int column) => (row * grid.LongitudeCount) + column;

    /// <summary>Westernmost and easternmost longitude of the region's columns as the window numbers them.</summary>
    private static (double West, double East) ShownLongitudes(MapWindow window, bool[] region)
    {
        bool[] shown = window.Crop(region);
        double[] longitudes = [.. Enumerable.Range(0, shown.Length).Where(c => shown[c]).Select(c => window.Grid.Longitude(c % window.ColumnCount))];
        return (longitudes.Min(), longitudes.Max());
    }
}
