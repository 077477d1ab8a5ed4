using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Service.Plotting;
using Monitor.Service.Tests.Cli;
using SkiaSharp;

namespace Monitor.Service.Tests.Plotting;

public sealed class RelevancePanelTests : IDisposable
{
    private static readonly GridSpec Global = SyntheticGrids.Global5625;
    private static readonly GridSpec Europe = SyntheticGrids.Euro025;
    private static readonly ScottPlot.Color Neutral = MapStyle.Colormap.GetColor(0.5);
    private static readonly ScottPlot.Color MostPositive = MapStyle.Colormap.GetColor(1.0);
    private static readonly ScottPlot.Color MostNegative = MapStyle.Colormap.GetColor(0.0);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_FourMaps_WritesAPngOfThreeColumnsAndTwoRows()
    {
        string one = _dir.File("one.png"), four = _dir.File("panels/four.png");

        RelevancePanel.Write(one, Global, Maps(1), null, null, "One map");
        RelevancePanel.Write(four, Global, Maps(4), null, null, "Four maps");

        using SKBitmap single = SKBitmap.Decode(one);
        using SKBitmap panel = SKBitmap.Decode(four);
        PanelLayout layout = PanelLayout.For(Global, 4);
        Assert.Equal((layout.Width, layout.Height), (panel.Width, panel.Height));
        Assert.Equal(3 * single.Width, panel.Width);
        Assert.Equal(2 * (single.Height - layout.TitleHeight), panel.Height - layout.TitleHeight);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(four)!, "*.partial"));
    }

    [Fact]
    public void Write_ValuesOfWrongLength_ThrowsNamingTheMap()
    {
        PanelMap[] maps = [.. Maps(2), new PanelMap("z500 relevance", "1", new float[Global.CellCount - 1])];
        string path = _dir.File("bad.png");

        var error = Assert.Throws<ArgumentException>(() => RelevancePanel.Write(path, Global, maps, null, null, "Bad"));

        Assert.Contains("z500 relevance", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Global.CellCount - 1} values", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_MaskOfWrongLength_ThrowsNamingTheMask()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RelevancePanel.Write(_dir.File("bad.png"), Global, Maps(1), null, new bool[10], "Bad"));

        Assert.Equal("regionMask", error.ParamName);
    }

    [Fact]
    public void Write_NoMaps_Throws()
    {
        Assert.Throws<ArgumentException>(() => RelevancePanel.Write(_dir.File("none.png"), Global, [], null, null, "None"));
    }

    [Fact]
    public void Write_AllMissingZeroAndInfiniteMaps_RenderGreyNeutralAndMissing()
    {
        PanelMap[] maps =
        [
            new("missing", "1", Enumerable.Repeat(float.NaN, Global.CellCount).ToArray()),
            new("zero", "1", new float[Global.CellCount]),
            new("infinite", "1", Enumerable.Repeat(float.PositiveInfinity, Global.CellCount).Select((v, i) => i % 2 == 0 ? v : 1f).ToArray()),
        ];
        string path = _dir.File("degenerate.png");

        RelevancePanel.Write(path, Global, maps, null, null, "Degenerate maps");

        using (SKBitmap written = SKBitmap.Decode(path))
        {
            Assert.Equal(PanelLayout.For(Global, 3).Width, written.Width);
        }

        using var panel = RenderedPanel.Render(Global, maps);
        PanelColors.AssertNear(MapStyle.MissingColor, panel.Cell(0, 16, 32));
        PanelColors.AssertNear(Neutral, panel.Cell(1, 16, 32));
        PanelColors.AssertNear(MapStyle.MissingColor, panel.Cell(2, 16, 32));   // +∞ is drawn as missing
        PanelColors.AssertNear(MostPositive, panel.Cell(2, 16, 33));
    }

    [Fact]
    public void Colors_PositiveAndNegativeDiffer_AndZeroIsTheNeutralMiddle()
    {
        var values = new float[Global.CellCount];
        Fill(values, Global, rows: 4..8, columns: 8..12, 10f);      // north-west: strongly positive
        Fill(values, Global, rows: 20..24, columns: 40..44, -10f);  // south-east: strongly negative

        using var panel = RenderedPanel.Render(Global, [new PanelMap("dipole", "K", values)]);

        SKColor positive = panel.Cell(0, 5, 9), negative = panel.Cell(0, 21, 41), zero = panel.Cell(0, 28, 60);
        PanelColors.AssertNear(MostPositive, positive);
        PanelColors.AssertNear(MostNegative, negative);
        PanelColors.AssertNear(Neutral, zero);
        Assert.True(positive.Red > positive.Blue + 30, $"positive cell should be red, is {positive}");
        Assert.True(negative.Blue > negative.Red + 30, $"negative cell should be blue, is {negative}");
        AssertNeutral(zero);
    }

    [Fact]
    public void Colors_ZeroStaysNeutral_WhenEveryValueIsPositive()
    {
        var values = new float[Global.CellCount];
        Fill(values, Global, rows: 0..16, columns: 0..64, 5f);

        using var panel = RenderedPanel.Render(Global, [new PanelMap("positive only", "K", values)]);

        PanelColors.AssertNear(MostPositive, panel.Cell(0, 8, 10));
        PanelColors.AssertNear(Neutral, panel.Cell(0, 24, 10));
    }

    [Fact]
    public void Colors_OutliersBeyondThe99thPercentile_SaturateAtTheEnds()
    {
        // Values spread over ±1 everywhere, one cell at +1000 and one at −1000: the scale stays near ±1.
        float[] values = Enumerable.Range(0, Global.CellCount).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        values[(10 * Global.LongitudeCount) + 20] = 1000f;
        values[(12 * Global.LongitudeCount) + 50] = -1000f;

        using var panel = RenderedPanel.Render(Global, [new PanelMap("outliers", "K", values)]);

        PanelColors.AssertNear(MostPositive, panel.Cell(0, 10, 20));
        PanelColors.AssertNear(MostNegative, panel.Cell(0, 12, 50));
        double limit = SymmetricColorLimit.Compute(values);
        int row = 3, column = 7;
        double fraction = 0.5 + (values[(row * Global.LongitudeCount) + column] / (2 * limit));
        PanelColors.AssertNear(MapStyle.Colormap.GetColor(fraction), panel.Cell(0, row, column), tolerance: 12);
    }

    [Fact]
    public void RegionalGrid_KeepsItsAspectRatioAndNorthUp()
    {
        var values = new float[Europe.CellCount];
        Fill(values, Europe, rows: 0..8, columns: 0..8, 1f);             // the north-west corner (73°N, 45°W)
        Fill(values, Europe, rows: 152..160, columns: 344..352, -1f);    // the south-east corner

        using var panel = RenderedPanel.Render(Europe, [new PanelMap("corners", "K", values)]);

        PanelColors.AssertNear(MostPositive, panel.Cell(0, 3, 3));
        PanelColors.AssertNear(MostNegative, panel.Cell(0, 156, 348));
        (int west, int north) = panel.PixelIndex(0, Europe.FirstLatitude, Europe.FirstLongitude);
        (int east, int south) = panel.PixelIndex(0, Europe.LastLatitude, Europe.LastLongitude);
        double lonSpan = Europe.LastLongitude - Europe.FirstLongitude, latSpan = Europe.FirstLatitude - Europe.LastLatitude;
        Assert.Equal(lonSpan / latSpan, (double)(east - west) / (south - north), 0.03);
    }

    [Fact]
    public void RegionOutline_IsDrawnAlongTheMaskEdgesOnly()
    {
        bool[] region = new bool[Global.CellCount];
        foreach (int cell in Cells(Global, rows: 10..16, columns: 20..30))
        {
            region[cell] = true;
        }

        PanelMap[] maps = [new PanelMap("zero", "K", new float[Global.CellCount])];
        using var outlined = RenderedPanel.Render(Global, maps, regionMask: region);
        using var plain = RenderedPanel.Render(Global, maps);

        double northEdge = Global.Latitude(10) + (Global.LatitudeStep / 2);
        for (int column = 21; column < 29; column++)
        {
            SKColor darkest = DarkestAcrossHorizontalEdge(outlined, northEdge, Global.Longitude(column));
            PanelColors.AssertNear(MapStyle.Region.Color, darkest, tolerance: 40);
            PanelColors.AssertNear(Neutral, plain.At(0, northEdge, Global.Longitude(column)));
        }

        PanelColors.AssertNear(Neutral, outlined.Cell(0, 13, 25));   // inside, away from the edge
    }

    [Fact]
    public void LandOutline_IsDrawnWhereTheLandFractionCrossesOneHalf()
    {
        float[] land = Enumerable.Repeat(0.1f, Global.CellCount).ToArray();
        foreach (int cell in Cells(Global, rows: 18..26, columns: 40..56))
        {
            land[cell] = 0.9f;
        }

        PanelMap[] maps = [new PanelMap("zero", "K", new float[Global.CellCount])];
        using var outlined = RenderedPanel.Render(Global, maps, landFraction: land);
        using var plain = RenderedPanel.Render(Global, maps);

        double westEdge = Global.Longitude(40) - (Global.LongitudeStep / 2);
        for (int row = 19; row < 25; row++)
        {
            SKColor darkest = DarkestAcrossVerticalEdge(outlined, Global.Latitude(row), westEdge);
            // A 1.5 px line covers at least three quarters of one pixel: at most a quarter of the neutral remains.
            Assert.True(PanelColors.Distance(MapStyle.Land.Color, darkest) <= 0.25 * 255,
                $"row {row}: expected the coastline colour {MapStyle.Land.Color}, got {darkest}");
            PanelColors.AssertNear(Neutral, plain.At(0, Global.Latitude(row), westEdge));
        }

        PanelColors.AssertNear(Neutral, outlined.Cell(0, 22, 48));   // inland
    }

    [Fact]
    public void Text_IsDrawnWithTheRegisteredFont()
    {
        using var panel = RenderedPanel.Render(Global, Maps(1));

        Assert.True(PanelFont.RegisteredFile is not null,
            $"No {PanelFont.RegularFileName} under /usr/share/fonts: install fonts-dejavu-core (scripts/install-deps.sh).");
        int darkInTitleBand = 0;
        for (int y = 0; y < panel.Layout.TitleHeight; y++)
        {
            for (int x = 0; x < panel.Bitmap.Width; x++)
            {
                darkInTitleBand += PanelColors.Brightness(panel.Bitmap.GetPixel(x, y)) < 100 ? 1 : 0;
            }
        }

        Assert.True(darkInTitleBand > 50, $"The title band has {darkInTitleBand} dark pixels: no title text was drawn.");
    }

    [Fact]
    public void ZoomedOnARegionAcrossGreenwich_TheOutlineIsOneContiguousRun_InsideTheWindow()
    {
        // 40..55N, 350..20E on W1 (0…360°): columns 63, 0…3, at both ends of the grid.
        bool[] region = MapWindowTests.Region(Global, 40, 55, 350, 20);
        PanelMap[] maps = [new PanelMap("zero", "K", new float[Global.CellCount])];
        double northEdge = Global.Latitude(6) + (Global.LatitudeStep / 2);
        double west = 360 - 5.625 - (Global.LongitudeStep / 2), east = 16.875 + (Global.LongitudeStep / 2);

        using var whole = RenderedPanel.Render(Global, maps, regionMask: region);
        using var zoomed = RenderedPanel.Render(Global, maps, regionMask: region, options: new PanelOptions { ZoomToRegion = true });

        Assert.Equal(2, OutlineRuns(whole, northEdge).Count);     // unzoomed: split at the seam, as before
        List<(int From, int To)> runs = OutlineRuns(zoomed, northEdge);
        Assert.Single(runs);
        (int westX, _) = zoomed.PixelIndex(0, northEdge, west);
        (int eastX, _) = zoomed.PixelIndex(0, northEdge, east);
        Assert.InRange(runs[0].From, westX - 3, westX + 3);
        Assert.InRange(runs[0].To, eastX - 3, eastX + 3);
        foreach (int cell in Enumerable.Range(0, Global.CellCount).Where(c => region[c]))
        {
            double latitude = Global.Latitude(cell / Global.LongitudeCount), longitude = Global.Longitude(cell % Global.LongitudeCount);
            Assert.True(zoomed.Shows(0, latitude, longitude), $"region cell {latitude}N {longitude}E is outside the window");
        }

        Assert.True(zoomed.Layout.Width <= whole.Layout.Width && zoomed.Figure.Window.ColumnCount < Global.LongitudeCount);
    }

    [Fact]
    public void ZoomedOnARegionAtTheDateLine_TheOutlineIsOneContiguousRun()
    {
        GridSpec fromDateLine = new(87.1875, 5.625, 32, -180, 5.625, 64);
        bool[] region = MapWindowTests.Region(fromDateLine, 30, 45, 170, -170);
        PanelMap[] maps = [new PanelMap("zero", "K", new float[fromDateLine.CellCount])];
        int northRow = Enumerable.Range(0, fromDateLine.CellCount).First(c => region[c]) / fromDateLine.LongitudeCount;
        double northEdge = fromDateLine.Latitude(northRow) + (fromDateLine.LatitudeStep / 2);

        using var zoomed = RenderedPanel.Render(fromDateLine, maps, regionMask: region, options: new PanelOptions { ZoomToRegion = true });

        List<(int From, int To)> runs = OutlineRuns(zoomed, northEdge);
        Assert.Single(runs);
        (int westX, _) = zoomed.PixelIndex(0, northEdge, 174.375 - 2.8125);
        (int eastX, _) = zoomed.PixelIndex(0, northEdge, -174.375 + 2.8125);
        Assert.InRange(runs[0].From, westX - 3, westX + 3);
        Assert.InRange(runs[0].To, eastX - 3, eastX + 3);
        Assert.True(zoomed.Shows(0, 37, 180));
    }

    [Fact]
    public void SharedScale_GivesEqualValuesEqualColours_AcrossMaps()
    {
        bool[] region = MapWindowTests.Region(Global, 40, 55, 350, 20);
        float[] strong = new float[Global.CellCount], weak = new float[Global.CellCount];
        Fill(strong, Global, rows: 5..10, columns: 0..4, 1f);
        Fill(strong, Global, rows: 5..10, columns: 4..8, 3f);
        Fill(weak, Global, rows: 5..10, columns: 0..4, 1f);
        Fill(weak, Global, rows: 5..10, columns: 4..8, 0.5f);
        PanelMap[] maps = [new PanelMap("strong", "K", strong), new PanelMap("weak", "K", weak)];

        using var own = RenderedPanel.Render(Global, maps, regionMask: region, options: new PanelOptions { ZoomToRegion = true });
        using var shared = RenderedPanel.Render(Global, maps, regionMask: region,
            options: new PanelOptions { ZoomToRegion = true, SharedColorScale = true });

        // Cell (7, 2) holds 1 on both maps; its own scales put it at a third of the strong map's and at the weak map's top.
        Assert.True(PanelColors.Distance(ToScottPlot(own.Cell(0, 7, 2)), own.Cell(1, 7, 2)) > 40, "per-map scales should differ");
        PanelColors.AssertNear(MostPositive, own.Cell(1, 7, 2));
        Assert.Equal(shared.Figure.ColorLimit(0), shared.Figure.ColorLimit(1));
        PanelColors.AssertNear(ToScottPlot(shared.Cell(0, 7, 2)), shared.Cell(1, 7, 2));
        PanelColors.AssertNear(MapStyle.Colormap.GetColor(0.5 + (1 / (2 * shared.Figure.ColorLimit(0)))), shared.Cell(1, 7, 2), tolerance: 12);
        PanelColors.AssertNear(MostPositive, shared.Cell(0, 7, 6));
    }

    /// <summary>
    /// The runs of pixel columns, along the horizontal cell edge at <paramref name="latitude"/> inside map 0's data
    /// area, where the region outline is drawn (a pixel of the outline colour within a pixel of the edge).
    /// </summary>
    private static List<(int From, int To)> OutlineRuns(RenderedPanel panel, double latitude)
    {
        ScottPlot.PixelRect data = panel.Figure.DataRect(0);
        (_, int y) = panel.PixelIndex(0, latitude, panel.Figure.Window.Grid.FirstLongitude);
        var runs = new List<(int From, int To)>();
        for (int x = (int)Math.Ceiling(data.Left) + 2; x < (int)Math.Floor(data.Right) - 2; x++)
        {
            bool outline = Enumerable.Range(y - 1, 3).Any(row => PanelColors.Distance(MapStyle.Region.Color, panel.Bitmap.GetPixel(x, row)) <= 40);
            if (!outline)
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1].To == x - 1)
            {
                runs[^1] = (runs[^1].From, x);
            }
            else
            {
                runs.Add((x, x));
            }
        }

        return runs;
    }

    private static ScottPlot.Color ToScottPlot(SKColor color) => new(color.Red, color.Green, color.Blue);

    private static PanelMap[] Maps(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new PanelMap($"map {i}", "K", Enumerable.Range(0, Global.CellCount).Select(c => (float)Math.Sin(c + i)).ToArray()))
            .ToArray();

    private static IEnumerable<int> Cells(GridSpec grid, Range rows, Range columns)
    {
        (int rowStart, int rowCount) = rows.GetOffsetAndLength(grid.LatitudeCount);
        (int columnStart, int columnCount) = columns.GetOffsetAndLength(grid.LongitudeCount);
        return from row in Enumerable.Range(rowStart, rowCount)
               from column in Enumerable.Range(columnStart, columnCount)
               select (row * grid.LongitudeCount) + column;
    }

    private static void Fill(float[] values, GridSpec grid, Range rows, Range columns, float value)
    {
        foreach (int cell in Cells(grid, rows, columns))
        {
            values[cell] = value;
        }
    }

    private static void AssertNeutral(SKColor color)
    {
        int spread = Math.Max(color.Red, Math.Max(color.Green, color.Blue)) - Math.Min(color.Red, Math.Min(color.Green, color.Blue));
        Assert.True(spread <= 10 && PanelColors.Brightness(color) > 220, $"zero should be a near-white neutral, is {color}");
    }

    private static SKColor DarkestAcrossHorizontalEdge(RenderedPanel panel, double latitude, double longitude)
    {
        (int x, int y) = panel.PixelIndex(0, latitude, longitude);
        return Enumerable.Range(y - 1, 3).Select(row => panel.Bitmap.GetPixel(x, row)).MinBy(PanelColors.Brightness);
    }

    private static SKColor DarkestAcrossVerticalEdge(RenderedPanel panel, double latitude, double longitude)
    {
        (int x, int y) = panel.PixelIndex(0, latitude, longitude);
        return Enumerable.Range(x - 1, 3).Select(column => panel.Bitmap.GetPixel(column, y)).MinBy(PanelColors.Brightness);
    }
}
