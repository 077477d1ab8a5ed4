using Monitor.Core.Grids;
using Monitor.Core.Regimes;

namespace Monitor.Core.Tests.Regimes;

/// <summary>Domain selection across the Greenwich meridian, the harmonic climatology, the Lanczos filter, naming, analogues.</summary>
public sealed class RegimeComponentsTests
{
    private static readonly DateTime T0 = new(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void EofWeights_AreTheSquareRootOfCosLatitude()
    {
        // Rows at 60°N and the equator: cos φ = 0.5 and 1, so covariances of weighted anomalies are area-weighted.
        double[] weights = RegimeModel.EofWeights(new GridSpec(60, 60, 2, 0, 10, 3));

        double[] expected = [Math.Sqrt(0.5), Math.Sqrt(0.5), Math.Sqrt(0.5), 1, 1, 1];
        Assert.Equal(expected.Length, weights.Length);
        Assert.All(expected.Zip(weights), pair => Assert.Equal(pair.First, pair.Second, 14));
    }

    [Fact]
    public void Domain_OnA0To360Grid_CrossesGreenwich_InOrder()
    {
        var grid = new GridSpec(87.1875, 5.625, 32, 0, 5.625, 64);
        RegimeSelection selection = RegimeDomain.Parse("30, 90, -80, 40").Select(grid);
        Assert.Equal(11, selection.Grid.LatitudeCount);     // 87.19 … 30.94°N
        Assert.Equal(22, selection.Grid.LongitudeCount);    // 281.25 (−78.75) … 39.375°E
        Assert.Equal(-78.75, selection.Grid.FirstLongitude, 1e-9);
        Assert.Equal(87.1875, selection.Grid.FirstLatitude, 1e-9);
        // Cell (row 0, column 0) of the sub-grid is source column 50 (281.25°E); column 14 is 0°E.
        Assert.Equal(50, selection.Cells[0]);
        Assert.Equal(0, selection.Cells[14]);
        Assert.Equal((10 * 64) + 7, selection.Cells[^1]);
    }

    [Theory]
    [InlineData("30,90,-80")]
    [InlineData("30,95,-80,40")]
    [InlineData("a,90,-80,40")]
    public void Domain_BadText_IsQuoted(string text)
    {
        Assert.Contains($"--domain '{text}'", Assert.Throws<FormatException>(() => RegimeDomain.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_TooSmall_IsNamed()
    {
        var grid = new GridSpec(87.1875, 5.625, 32, 0, 5.625, 64);
        Assert.Contains("--domain", Assert.Throws<ArgumentException>(() => new RegimeDomain(40, 41, 0, 30).Select(grid)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Climatology_RecoversPlantedHarmonics()
    {
        // Two cells: 100 + 20 cos θ − 5 sin 2θ and −3 + 7 sin θ, every 6 h for three years.
        DateTime[] times = [.. Enumerable.Range(0, 3 * 1461).Select(s => T0.AddHours(6 * s))];
        float[][] fields = [.. times.Select(t =>
        {
            double theta = 2 * Math.PI * (t - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalDays / HarmonicClimatology.YearDays;
            return new[] { (float)(100 + (20 * Math.Cos(theta)) - (5 * Math.Sin(2 * theta))), (float)(-3 + (7 * Math.Sin(theta))) };
        })];
        HarmonicClimatology clim = HarmonicClimatology.Fit(times, fields, 2);
        double[] expected0 = [100, 20, 0, 0, -5], expected1 = [-3, 0, 7, 0, 0];
        for (int t = 0; t < 5; t++)
        {
            Assert.Equal(expected0[t], clim.Coefficients[t][0], 1e-4);
            Assert.Equal(expected1[t], clim.Coefficients[t][1], 1e-4);
        }

        Assert.Contains("--harmonics 0", Assert.Throws<ArgumentException>(() => HarmonicClimatology.Fit(times[..400], fields[..400], 2)).Message, StringComparison.Ordinal);
        Assert.Equal(fields[..400].Average(f => f[1]), HarmonicClimatology.Fit(times[..400], fields[..400], 0).Coefficients[0][1], 1e-4);
    }

    [Fact]
    public void LowPass_KeepsSlowAndConstant_DampsFast()
    {
        DateTime[] times = [.. Enumerable.Range(0, 4 * 120).Select(s => T0.AddHours(6 * s))];
        double[][] series = [.. times.Select(t =>
        {
            double days = (t - T0).TotalDays;
            return new[] { 5.0, Math.Sin(2 * Math.PI * days / 40), Math.Sin(2 * Math.PI * days / 3) };
        })];
        double[][] filtered = LanczosLowPass.Apply(times, series, 10);
        int[] middle = [.. Enumerable.Range(60, 360)];   // away from the ends
        Assert.All(filtered, f => Assert.Equal(5.0, f[0], 1e-9));
        double slow = middle.Max(s => Math.Abs(filtered[s][1])), fast = middle.Max(s => Math.Abs(filtered[s][2]));
        Assert.InRange(slow, 0.85, 1.05);     // a 40-day wave keeps its amplitude
        Assert.True(fast < 0.05, $"3-day wave kept {fast:F3}");
        Assert.Contains("--lowpass-days", Assert.Throws<ArgumentOutOfRangeException>(() => LanczosLowPass.Apply(times, series, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_FollowsTheCentreOfThePattern()
    {
        var grid = new GridSpec(87.1875, 5.625, 11, -78.75, 5.625, 22);
        Assert.Equal("European blocking", RegimeNaming.Name(grid, Blob(grid, (60, 15, 260), (42, 20, -80)), out _));
        Assert.Equal("Scandinavian blocking", RegimeNaming.Name(grid, Blob(grid, (68, 20, 200)), out _));
        Assert.Equal("Greenland blocking", RegimeNaming.Name(grid, Blob(grid, (70, -50, 200)), out _));
        Assert.Equal("Atlantic ridge", RegimeNaming.Name(grid, Blob(grid, (52, -30, 220), (58, 20, -100)), out _));
        Assert.Equal("Atlantic trough", RegimeNaming.Name(grid, Blob(grid, (55, -25, -220), (45, 10, 100)), out _));
        Assert.Equal("zonal", RegimeNaming.Name(grid, Blob(grid, (65, -20, -140), (42, -20, 110)), out _));
        Assert.Equal("Scandinavian trough", RegimeNaming.Name(grid, Blob(grid, (62, 20, -150)), out _));
        // Two troughs: the stronger keeps the name, the other its id.
        Assert.Equal(["Atlantic trough", "R2"], RegimeNaming.NameAll(grid, [Blob(grid, (55, -25, -220)), Blob(grid, (55, -30, -100))]));
        // Outside the Euro-Atlantic sector (a Pacific domain): ids only.
        var pacific = new GridSpec(70, 5, 9, 150, 5, 20);
        Assert.Equal(["R1"], RegimeNaming.NameAll(pacific, [Blob(pacific, (55, 180, 200))]));
    }

    [Fact]
    public void Analogues_AreNearestFirst_AndSeparatedInTime()
    {
        // States on a line in a 2-D EOF space; the query sits at 10.2.
        RegimeHistoryEntry[] entries = [.. Enumerable.Range(0, 40).Select(s => new RegimeHistoryEntry(T0.AddDays(s), s < 20 ? "R1" : "none", 0, [0.0], [s, 0.0]))];
        var finder = new AnalogueFinder(new RegimeHistory(["R1"], ["zonal"], entries));
        IReadOnlyList<Analogue> found = finder.Find([10.2, 0], T0.AddDays(100), 3, TimeSpan.FromDays(5));
        Assert.Equal([T0.AddDays(10), T0.AddDays(15), T0.AddDays(5)], found.Select(a => a.Time));
        Assert.Equal(0.2, found[0].Distance, 1e-12);
        Assert.Equal("zonal", found[0].Name);
        // States within the separation of the query's own valid time are skipped.
        Assert.Equal(T0.AddDays(15), finder.Find([10.2, 0], T0.AddDays(10), 1, TimeSpan.FromDays(5))[0].Time);
    }

    private static double[] Blob(GridSpec grid, params (double Lat, double Lon, double Amplitude)[] centres)
    {
        var values = new double[grid.CellCount];
        for (int i = 0; i < values.Length; i++)
        {
            double lat = grid.Latitude(i / grid.LongitudeCount), lon = grid.Longitude(i % grid.LongitudeCount);
            foreach ((double cLat, double cLon, double a) in centres)
            {
                double dx = (lon - cLon) * Math.Cos(cLat * Math.PI / 180), dy = lat - cLat;
                values[i] += a * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 9.0 * 9.0));
            }
        }

        return values;
    }
}
