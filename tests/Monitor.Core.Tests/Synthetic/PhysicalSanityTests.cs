using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The synthetic atmosphere looks like the atmosphere: temperatures by latitude and season, a diurnal cycle that is
/// larger over land, 10 m winds in the documented friction-modified geostrophic balance, fields in physical ranges.
/// Analyses (lead 0) of the W1 grid with ETOPO geography, computed in memory.
/// </summary>
public sealed class PhysicalSanityTests
{
    private const double Gravity = 9.80665;            // m s⁻²
    private const double EarthRadiusM = 6371008.8;      // mean radius, as GridSpec
    private const double Omega = 7.2921e-5;            // s⁻¹
    private const double AirDensity = 1.25;            // kg m⁻³, docs/synthetic-atmosphere.md

    private static readonly GridSpec s_w1 = SyntheticGrids.Global5625;
    private static readonly DateTime s_january = new(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_july = new(2026, 7, 10, 0, 0, 0, DateTimeKind.Utc);

    private readonly ITestOutputHelper _output;
    private readonly ArchiveModel _model;

    public PhysicalSanityTests(ITestOutputHelper output)
    {
        _output = output;
        StaticFields statics = GeographyBuilder.Build(s_w1).Fields;
        _model = ArchiveModel.For(s_w1, statics, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 12, 31, 18, 0, 0, DateTimeKind.Utc), 0, seed: 1);
    }

    [Fact]
    public void T2m_ZonalMeans_ArePlausibleByLatitudeAndSeason()
    {
        float[] january = MeanT2m(s_january), july = MeanT2m(s_july);
        float[] lsm = _model.Statics.LandSeaMask;
        int n = s_w1.LongitudeCount;

        for (int r = 0; r < s_w1.LatitudeCount; r++)
        {
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s_w1.Latitude(r),8:F2}°: zonal mean t2m Jan {RowMean(january, r, _ => true):F1} K, Jul {RowMean(july, r, _ => true):F1} K; " +
                $"land Jan {RowMean(january, r, c => lsm[c] > 0.9):F1}, Jul {RowMean(july, r, c => lsm[c] > 0.9):F1}"));
        }

        for (int r = 0; r < s_w1.LatitudeCount; r++)
        {
            if (Math.Abs(s_w1.Latitude(r)) < 20)
            {
                Assert.InRange(RowMean(january, r, _ => true), 290, 305);
                Assert.InRange(RowMean(july, r, _ => true), 290, 305);
            }
        }

        // W1 has no land between 60 and 70°S (rows at 59.1 and 64.7°S are sea): the southern land check uses the
        // Antarctic coast at 70.3°S, and the 64.7°S sea row must still have its summer in January.
        int north = RowOf(64.6875), south = RowOf(-70.3125), southernOcean = RowOf(-64.6875);
        double northernLand = RowMean(july, north, c => lsm[c] > 0.9) - RowMean(january, north, c => lsm[c] > 0.9);
        double southernLand = RowMean(january, south, c => lsm[c] > 0.9) - RowMean(july, south, c => lsm[c] > 0.9);
        double southernSea = RowMean(january, southernOcean, c => lsm[c] < 0.1) - RowMean(july, southernOcean, c => lsm[c] < 0.1);
        _output.WriteLine($"July − January: land at 64.7°N {northernLand:F1} K; January − July: land at 70.3°S {southernLand:F1} K, sea at 64.7°S {southernSea:F1} K");
        Assert.True(northernLand > 10, $"64.7°N land: July only {northernLand:F1} K warmer than January");
        Assert.True(southernLand > 10, $"70.3°S land: January only {southernLand:F1} K warmer than July");
        Assert.True(southernSea > 2, $"64.7°S sea: January only {southernSea:F1} K warmer than July");
        Assert.All(january.Concat(july), t => Assert.InRange(t, 200f, 320f));

        double RowMean(float[] field, int row, Func<int, bool> include)
        {
            int[] cells = [.. Enumerable.Range(row * n, n).Where(include)];
            return cells.Length == 0 ? double.NaN : cells.Average(c => field[c]);
        }
    }

    [Fact]
    public void T2m_DiurnalRange_IsLargerOverLandThanOverSea()
    {
        // Hourly analyses over one day in each season; range = max − min at a fixed cell.
        var land = new List<double>();
        var sea = new List<double>();
        foreach (DateTime day in new[] { s_january.AddDays(5), s_july.AddDays(5) })
        {
            var max = Enumerable.Repeat(float.MinValue, s_w1.CellCount).ToArray();
            var min = Enumerable.Repeat(float.MaxValue, s_w1.CellCount).ToArray();
            for (int h = 0; h < 24; h++)
            {
                ReadOnlySpan<float> t2m = _model.Analysis(day.AddHours(h))[ModelOutput.T2m];
                for (int i = 0; i < t2m.Length; i++)
                {
                    max[i] = Math.Max(max[i], t2m[i]);
                    min[i] = Math.Min(min[i], t2m[i]);
                }
            }

            foreach (int i in GridCells.InBand(s_w1, -60, 60))
            {
                float lsm = _model.Statics.LandSeaMask[i];
                if (lsm > 0.9f)
                {
                    land.Add(max[i] - min[i]);
                }
                else if (lsm < 0.1f)
                {
                    sea.Add(max[i] - min[i]);
                }
            }
        }

        double landRange = land.Average(), seaRange = sea.Average();
        _output.WriteLine($"mean diurnal range 60°S–60°N: land {landRange:F2} K over {land.Count} cell-days, sea {seaRange:F2} K over {sea.Count}; ratio {landRange / seaRange:F2}");
        Assert.True(landRange > 2.5 * seaRange, $"land {landRange:F2} K vs sea {seaRange:F2} K");
        Assert.True(landRange > 5, $"land diurnal range only {landRange:F2} K");
    }

    [Fact]
    public void Wind10m_IsTheGeostrophicWindOfMsl_SlowedAndTurnedTowardsLowPressure()
    {
        // The geostrophic wind from msl with the test's own centred differences (wrapped in longitude), then the
        // angle from it to the 10 m wind (counter-clockwise positive) and the speed ratio, at mid-latitude cells that are
        // clearly sea or clearly land. Expected (docs): 15° / 0.7 over sea, 30° / 0.55 over land, to the left of the
        // geostrophic wind in the north and to the right in the south, i.e. always with a component down the gradient.
        var results = new Dictionary<string, List<(double Angle, double Ratio, double Downhill)>> { ["sea"] = [], ["land"] = [] };
        int n = s_w1.LongitudeCount;
        double dLat = s_w1.LatitudeStep * Math.PI / 180, dLon = s_w1.LongitudeStep * Math.PI / 180;
        foreach (DateTime valid in new[] { s_january, s_january.AddHours(30), s_july, s_july.AddHours(54) })
        {
            ModelOutput analysis = _model.Analysis(valid);
            ReadOnlySpan<float> p = analysis[ModelOutput.Msl], u = analysis[ModelOutput.U10], v = analysis[ModelOutput.V10];
            for (int r = 1; r < s_w1.LatitudeCount - 1; r++)
            {
                double lat = s_w1.Latitude(r);
                if (Math.Abs(lat) < 30 || Math.Abs(lat) > 70)
                {
                    continue;
                }

                double f = 2 * Omega * Math.Sin(lat * Math.PI / 180);
                for (int c = 0; c < n; c++)
                {
                    int i = (r * n) + c;
                    float lsm = _model.Statics.LandSeaMask[i];
                    string? surface = lsm < 0.01f ? "sea" : lsm > 0.99f ? "land" : null;
                    double dpdx = (p[(r * n) + ((c + 1) % n)] - p[(r * n) + ((c + n - 1) % n)]) / (2 * dLon * EarthRadiusM * Math.Cos(lat * Math.PI / 180));
                    double dpdy = (p[((r - 1) * n) + c] - p[((r + 1) * n) + c]) / (2 * dLat * EarthRadiusM);
                    double ug = -dpdy / (AirDensity * f), vg = dpdx / (AirDensity * f);
                    double geostrophic = Math.Sqrt((ug * ug) + (vg * vg)), speed = Math.Sqrt((u[i] * u[i]) + (v[i] * v[i]));
                    if (surface is null || geostrophic < 2 || speed > 44)
                    {
                        continue;   // direction ill-defined in a col; above 44 m s⁻¹ the documented 45 m s⁻¹ cap may act
                    }

                    double angle = Math.Atan2((ug * v[i]) - (vg * u[i]), (ug * u[i]) + (vg * v[i])) * 180 / Math.PI;
                    double downhill = -((u[i] * dpdx) + (v[i] * dpdy));   // wind · (−∇p) > 0: blows towards low pressure
                    results[surface].Add((Math.Sign(lat) * angle, speed / geostrophic, downhill));
                }
            }
        }

        foreach (var (surface, expectedAngle, expectedRatio) in new[] { ("sea", 15.0, 0.7), ("land", 30.0, 0.55) })
        {
            var r = results[surface];
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{surface}: {r.Count} cells; turning towards low pressure {r.Min(x => x.Angle):F2}…{r.Max(x => x.Angle):F2}° (mean {r.Average(x => x.Angle):F2}°), " +
                $"speed / geostrophic {r.Min(x => x.Ratio):F4}…{r.Max(x => x.Ratio):F4}; all blow down the gradient: {r.All(x => x.Downhill > 0)}"));
            Assert.True(r.Count > 100, $"only {r.Count} {surface} cells");
            Assert.All(r, x => Assert.InRange(x.Angle, expectedAngle - 1, expectedAngle + 1));
            Assert.All(r, x => Assert.InRange(x.Ratio, expectedRatio * 0.99, expectedRatio * 1.01));
            Assert.All(r, x => Assert.True(x.Downhill > 0));
        }
    }

    [Fact]
    public void Fields_StayInPhysicalRanges()
    {
        var tp = new List<double>();
        var cloud = new List<float>();
        var heights = new List<double>();
        var analysisHeights = new List<double>();
        var msl = new List<float>();
        var zonalHeights = new List<double>();
        foreach (int lead in new[] { 0, 24, 72 })
        {
            foreach (DateTime init in new[] { s_january, s_july })
            {
                ModelOutput forecast = _model.Forecast(new CycleId(init), lead);
                tp.AddRange(forecast[ModelOutput.Tp].ToArray().Select(x => (double)x));
                cloud.AddRange(forecast[ModelOutput.Tcc].ToArray());
                msl.AddRange(forecast[ModelOutput.Msl].ToArray());
                float[] z = forecast[ModelOutput.Z500].ToArray();
                (lead == 0 ? analysisHeights : heights).AddRange(z.Select(x => x / Gravity));
                for (int r = 0; r < s_w1.LatitudeCount; r++)
                {
                    zonalHeights.Add(z.Skip(r * s_w1.LongitudeCount).Take(s_w1.LongitudeCount).Average(x => x / Gravity));
                }
            }
        }

        double[] wet = [.. tp.Where(x => x > 0)];
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tp: min {tp.Min()}, mean {tp.Average() * 1000:F4} mm, median {Percentile.Of(tp, 0.5) * 1000:F4} mm; wet {wet.Length} of {tp.Count}: mean {wet.Average() * 1000:F4}, median {Percentile.Of(wet, 0.5) * 1000:F4}, max {wet.Max() * 1000:F2} mm"));
        _output.WriteLine($"tcc {cloud.Min():F4}…{cloud.Max():F4}; z500 analyses {analysisHeights.Min():F0}…{analysisHeights.Max():F0} gpm, forecasts {heights.Min():F0}…{heights.Max():F0} gpm, zonal means {zonalHeights.Min():F0}…{zonalHeights.Max():F0} gpm; msl {msl.Min() / 100:F1}…{msl.Max() / 100:F1} hPa");
        Assert.All(tp, x => Assert.True(x >= 0));
        Assert.True(tp.Average() > Percentile.Of(tp, 0.5));
        Assert.True(wet.Average() > 1.2 * Percentile.Of(wet, 0.5), "wet-hour precipitation is not right-skewed");
        Assert.All(cloud, x => Assert.InRange(x, 0f, 1f));
        Assert.All(analysisHeights, x => Assert.InRange(x, 4900, 5950));
        // Forecast noise (45 gpm at +72 h, not damped in the tropics) reaches ~5980 gpm there: wider bounds for leads.
        Assert.All(heights, x => Assert.InRange(x, 4800, 6000));
        Assert.All(zonalHeights, x => Assert.InRange(x, 5000, 5900));
        Assert.All(msl, x => Assert.InRange(x, 94000f, 106000f));
    }

    private float[] MeanT2m(DateTime start)
    {
        var sum = new double[s_w1.CellCount];
        const int Steps = 56;   // two weeks, 6-hourly
        for (int s = 0; s < Steps; s++)
        {
            ReadOnlySpan<float> t2m = _model.Analysis(start.AddHours(6 * s))[ModelOutput.T2m];
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += t2m[i];
            }
        }

        return [.. sum.Select(x => (float)(x / Steps))];
    }

    private static int RowOf(double latitude) => (int)Math.Round((s_w1.FirstLatitude - latitude) / s_w1.LatitudeStep);
}
