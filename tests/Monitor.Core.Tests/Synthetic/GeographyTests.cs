using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

public sealed class GeographyTests
{
    private const string EtopoDirectory = GeographyBuilder.DefaultEtopoDirectory;
    private static readonly GridSpec s_w1 = new(87.1875, 5.625, 32, 0, 5.625, 64);
    private static readonly GridSpec s_w2 = new(72.875, 0.25, 160, -44.875, 0.25, 352);
    private static readonly GridSpec s_oneDegree = new(89.5, 1, 180, 0.5, 1, 360);

    private readonly ITestOutputHelper _output;

    public GeographyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void W1_LandCoversAbout29PercentOfTheGlobe()
    {
        Geography geography = GeographyBuilder.Build(s_w1);
        double land = AreaMean(geography.Fields, geography.Fields.LandSeaMask);

        _output.WriteLine($"{geography.Source}: land {land:P2}");
        Assert.StartsWith("ETOPO60 (", geography.Source, StringComparison.Ordinal);
        Assert.InRange(land, 0.26, 0.32);
    }

    [Fact]
    public void OneDegree_KnownPlaces()
    {
        Geography geography = GeographyBuilder.Build(s_oneDegree);
        StaticFields f = geography.Fields;

        Assert.StartsWith("ETOPO20 (", geography.Source, StringComparison.Ordinal);
        int tibet = CellOf(s_oneDegree, 32.3, 88.2), pacific = CellOf(s_oneDegree, 0.2, 180.3);
        int sahara = CellOf(s_oneDegree, 23.5, 12.5), greenland = CellOf(s_oneDegree, 72.5, -39.5);
        Assert.True(f.OrographyM[tibet] > 3000, $"Tibet {f.OrographyM[tibet]} m");
        Assert.Equal(1f, f.LandSeaMask[tibet]);
        Assert.Equal(0f, f.LandSeaMask[pacific]);
        Assert.Equal(0f, f.OrographyM[pacific]);
        Assert.Equal(1f, f.LandSeaMask[sahara]);
        Assert.Equal(1f, f.LandSeaMask[greenland]);
        Assert.True(f.OrographyM[greenland] > 1500, $"Greenland {f.OrographyM[greenland]} m");
    }

    [Fact]
    public void W2_AlpsStandAboveThePoValley()
    {
        Geography geography = GeographyBuilder.Build(s_w2);
        float[] z = geography.Fields.OrographyM;

        Assert.StartsWith("ETOPO5 (", geography.Source, StringComparison.Ordinal);
        float[] alps = [z[CellOf(s_w2, 45.9, 7.0)], z[CellOf(s_w2, 46.4, 9.9)], z[CellOf(s_w2, 47.1, 12.7)]];
        float[] po = [z[CellOf(s_w2, 45.1, 10.0)], z[CellOf(s_w2, 45.1, 10.5)], z[CellOf(s_w2, 45.0, 11.6)]];
        _output.WriteLine($"Alps {string.Join(", ", alps)} m; Po valley {string.Join(", ", po)} m");
        Assert.True(alps.Min() > 1500, $"Alps {alps.Min()} m");
        Assert.True(po.Max() < 200, $"Po valley {po.Max()} m");
        Assert.True(geography.Fields.LandSeaMask[CellOf(s_w2, 45.1, 10.5)] == 1f);
        Assert.True(geography.Fields.LandSeaMask[CellOf(s_w2, 40.0, -30.0)] == 0f);
    }

    [Theory]
    [InlineData(5.625, 87.1875, 0.0, -180.0)]
    [InlineData(1.0, 89.5, 0.5, -179.5)]
    [InlineData(0.25, 72.875, 0.125, -179.875)]
    public void Values_DoNotDependOnTheLongitudeConvention(double step, double firstLatitude, double east, double west)
    {
        int rows = step < 1 ? 40 : (int)Math.Round(180 / step), columns = (int)Math.Round(360 / step);
        var eastGrid = new GridSpec(firstLatitude, step, rows, east, step, columns);
        var westGrid = new GridSpec(firstLatitude, step, rows, west, step, columns);
        StaticFields a = GeographyBuilder.Build(eastGrid).Fields, b = GeographyBuilder.Build(westGrid).Fields;

        int shift = columns / 2;   // column c of the 0..360 grid is column c − shift (mod n) of the −180..180 grid
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int i = (r * columns) + c, k = (r * columns) + ((c + shift) % columns);
                Assert.Equal(GridSpec.NormalizeLongitude(eastGrid.Longitude(c), LongitudeConvention.ZeroTo360),
                    GridSpec.NormalizeLongitude(westGrid.Longitude((c + shift) % columns), LongitudeConvention.ZeroTo360), 9);
                Assert.Equal(a.LandSeaMask[i], b.LandSeaMask[k], 1e-5);
                Assert.Equal(a.OrographyM[i], b.OrographyM[k], Math.Max(1e-3, 1e-5 * a.OrographyM[i]));
            }
        }
    }

    [Theory]
    [InlineData("etopo20", 89.5, 1.0, 180, 0.5, 360)]
    [InlineData("etopo5", 72.0, 0.25, 120, -30.0, 240)]
    public void Regrid_EqualsLiteralAverageOfThePointsInsideEachCell(string name, double firstLat, double step, int rows, double firstLon, int columns)
    {
        // Cell edges here fall between source points (ETOPO20 points sit at x.17, x.50, x.83; ETOPO5 points at
        // multiples of 1/12°, edges at odd multiples of 0.125°), so conservative remapping must equal the plain
        // cos φ-weighted average over the points inside each cell, which the oracle computes from the stored axes.
        string path = Path.Combine(EtopoDirectory, name + ".cdf");
        var grid = new GridSpec(firstLat, step, rows, firstLon, step, columns);
        StaticFields fields = EtopoRelief.Regrid(path, grid);
        var oracle = new PointInCellOracle(path);
        var random = new Random(5);
        int firstSourceColumn = CellOf(grid, grid.FirstLatitude, 20.2) % columns;   // ETOPO20 repeats 20.17°E at the end
        for (int n = 0; n < 90; n++)
        {
            int r = random.Next(rows), c = n % 3 == 0 ? firstSourceColumn : random.Next(columns);
            (double land, double height) = oracle.Average(grid.Latitude(r), grid.Longitude(c), step / 2);
            int cell = (r * columns) + c;
            Assert.Equal(land, fields.LandSeaMask[cell], 1e-5);
            Assert.Equal(height, fields.OrographyM[cell], Math.Max(1e-2, 1e-5 * height));
        }
    }

    [Fact]
    public void Regrid_ConservesGlobalTotals()
    {
        // Every source cell is shared out in full, so the area means over the globe do not depend on the target grid.
        string path = Path.Combine(EtopoDirectory, "etopo20.cdf");
        StaticFields fine = EtopoRelief.Regrid(path, s_oneDegree), coarse = EtopoRelief.Regrid(path, s_w1);

        Assert.Equal(AreaMean(fine, fine.LandSeaMask), AreaMean(coarse, coarse.LandSeaMask), 1e-6);
        Assert.Equal(AreaMean(fine, fine.OrographyM), AreaMean(coarse, coarse.OrographyM), 1e-3);
    }

    [Fact]
    public void Fields_AreInRange_AndSeaHasNoOrography()
    {
        StaticFields f = GeographyBuilder.Build(s_w1).Fields;

        Assert.All(f.LandSeaMask, v => Assert.InRange(v, 0f, 1f));
        Assert.All(f.OrographyM, v => Assert.True(v >= 0));
        Assert.All(Enumerable.Range(0, f.Grid.CellCount).Where(i => f.LandSeaMask[i] == 0), i => Assert.Equal(0f, f.OrographyM[i]));
        Assert.Contains(f.LandSeaMask, v => v > 0 && v < 1);   // coasts are fractional
    }

    [Theory]
    [InlineData(10.0, "ETOPO120")]
    [InlineData(5.625, "ETOPO60")]
    [InlineData(2.0, "ETOPO40")]
    [InlineData(1.0, "ETOPO20")]
    [InlineData(0.25, "ETOPO5")]
    [InlineData(0.1, "ETOPO5")]
    public void Build_PicksTheCoarsestFileAtLeastThreeTimesFiner(double step, string expected)
    {
        var grid = new GridSpec(60, step, 3, 0, step, 3);

        string source = GeographyBuilder.Build(grid).Source;

        Assert.StartsWith($"{expected} ({EtopoDirectory}/{expected.ToLowerInvariant()}.cdf)", source, StringComparison.Ordinal);
        Assert.Equal(step >= 0.25, !source.Contains("coarser", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WithOnlyACoarseFile_UsesItAndSaysItIsCoarse()
    {
        using var directory = new TemporaryDirectory();
        File.CreateSymbolicLink(directory.File("etopo20.cdf"), Path.Combine(EtopoDirectory, "etopo20.cdf"));

        Geography geography = GeographyBuilder.Build(s_w2, directory.Path);

        Assert.StartsWith($"ETOPO20 ({directory.File("etopo20.cdf")}); coarser than a third of the 0.25° grid spacing", geography.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutEtopoFiles_FallsBackToAnalyticContinentsAndSaysSo()
    {
        using var directory = new TemporaryDirectory();

        Geography geography = GeographyBuilder.Build(s_w1, directory.Path);
        StaticFields f = geography.Fields;
        double land = AreaMean(f, f.LandSeaMask);

        _output.WriteLine($"{geography.Source}: land {land:P2}");
        Assert.StartsWith("analytic fallback: ", geography.Source, StringComparison.Ordinal);
        Assert.Contains(directory.Path, geography.Source, StringComparison.Ordinal);
        Assert.InRange(land, 0.19, 0.39);
        Assert.All(f.LandSeaMask, v => Assert.InRange(v, 0f, 1f));
        Assert.All(Enumerable.Range(0, f.Grid.CellCount).Where(i => f.LandSeaMask[i] == 0), i => Assert.Equal(0f, f.OrographyM[i]));
        Assert.True(f.OrographyM[CellOf(s_w1, 32, 88)] > 2000);
        Assert.Equal(0f, f.LandSeaMask[CellOf(s_w1, 0, 180)]);
        Assert.True(f.LandSeaMask[CellOf(s_w1, 23, 12)] > 0.9);
    }

    [Fact]
    public void Build_WithMissingDirectory_FallsBackAndNamesIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "v2v-no-such-etopo-" + Guid.NewGuid().ToString("N"));

        Geography geography = GeographyBuilder.Build(s_w2, missing);

        Assert.Equal($"analytic fallback: ETOPO directory {missing} does not exist", geography.Source);
        Assert.Equal(s_w2.CellCount, geography.Fields.Validate().OrographyM.Length);
        Assert.True(geography.Fields.LandSeaMask[CellOf(s_w2, 50, 10)] == 1f);
        Assert.True(geography.Fields.LandSeaMask[CellOf(s_w2, 45, -30)] == 0f);
    }

    [Fact]
    public void Build_WithUnreadableFile_ThrowsRatherThanFallingBack()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("etopo5.cdf"), "not netCDF");

        DataFileException error = Assert.ThrowsAny<DataFileException>(() => GeographyBuilder.Build(s_w2, directory.Path));

        Assert.Contains("etopo5.cdf", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Area-weighted mean of a field over the grid (a global grid gives the global mean).</summary>
    private static double AreaMean(StaticFields fields, float[] values)
    {
        GridSpec grid = fields.Grid;
        double sum = 0, area = 0;
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            double a = grid.CellAreaKm2(r);
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                sum += a * values[(r * grid.LongitudeCount) + c];
                area += a;
            }
        }

        return sum / area;
    }

    /// <summary>Index of the cell whose centre ± half a step contains the point.</summary>
    private static int CellOf(GridSpec grid, double lat, double lon)
    {
        int r = (int)Math.Floor((grid.FirstLatitude + (grid.LatitudeStep / 2) - lat) / grid.LatitudeStep);
        double dx = GridSpec.NormalizeLongitude(lon - grid.FirstLongitude + (grid.LongitudeStep / 2), LongitudeConvention.ZeroTo360);
        int c = (int)Math.Floor(dx / grid.LongitudeStep);
        Assert.InRange(r, 0, grid.LatitudeCount - 1);
        Assert.InRange(c, 0, grid.LongitudeCount - 1);
        return (r * grid.LongitudeCount) + c;
    }

    /// <summary>
    /// The literal definition: the cos φ-weighted share of the stored points inside the cell with height &gt; 0, and
    /// the cos φ-weighted mean of max(height, 0), with the stored coordinates as they are (a column whose longitude
    /// repeats the first one modulo 360 is the same point and is skipped).
    /// </summary>
    private sealed class PointInCellOracle
    {
        private readonly double[] _latitudes;
        private readonly double[] _longitudes;
        private readonly float[] _values;

        public PointInCellOracle(string path)
        {
            using NetCdfFile file = NetCdfFile.Open(path);
            NetCdfVariable rose = file.Variable("ROSE");
            _latitudes = file.ReadAllDouble(file.Variable(rose.Dimensions[0].Name));
            _longitudes = file.ReadAllDouble(file.Variable(rose.Dimensions[1].Name));
            _values = new float[_latitudes.Length * _longitudes.Length];
            file.ReadFloat(rose, [0, 0], [_latitudes.Length, _longitudes.Length], _values);
        }

        public (double Land, double Height) Average(double lat, double lon, double half)
        {
            double weights = 0, land = 0, height = 0;
            int columns = _longitudes.Length;
            bool repeatsFirst = Math.Abs(_longitudes[^1] - _longitudes[0] - 360) < 1e-3;
            for (int i = 0; i < _latitudes.Length; i++)
            {
                if (Math.Abs(_latitudes[i] - lat) >= half)
                {
                    continue;
                }

                double w = Math.Cos(_latitudes[i] * Math.PI / 180);
                for (int j = 0; j < (repeatsFirst ? columns - 1 : columns); j++)
                {
                    double dx = GridSpec.NormalizeLongitude(_longitudes[j] - lon, LongitudeConvention.Minus180To180);
                    if (Math.Abs(dx) >= half)
                    {
                        continue;
                    }

                    float v = _values[(i * columns) + j];
                    weights += w;
                    land += v > 0 ? w : 0;
                    height += w * Math.Max(v, 0);
                }
            }

            return (land / weights, height / weights);
        }
    }
}
