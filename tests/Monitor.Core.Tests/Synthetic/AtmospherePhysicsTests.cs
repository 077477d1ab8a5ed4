using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Core.Tests.Synthetic;

public sealed class AtmospherePhysicsTests(SyntheticWorld world) : IClassFixture<SyntheticWorld>
{
    private const int T2m = 0, U10 = 1, V10 = 2, Msl = 3, Tcc = 4, Tp = 5, Z500 = 7;

    [Fact]
    public void T2m_ZonalMeansAndSeasons_ArePlausible()
    {
        int january = IndexOf(new DateTime(2025, 1, 15, 12, 0, 0, DateTimeKind.Utc));
        int july = IndexOf(new DateTime(2025, 7, 15, 12, 0, 0, DateTimeKind.Utc));

        double tropics = Mean(january, T2m, (lat, _) => Math.Abs(lat) < 15);
        double arcticLandJanuary = Mean(january, T2m, (lat, land) => lat is > 58 and < 72 && land > 0.9);
        double arcticLandJuly = Mean(july, T2m, (lat, land) => lat is > 58 and < 72 && land > 0.9);
        double southJanuary = Mean(january, T2m, (lat, land) => lat is < -30 and > -50);
        double southJuly = Mean(july, T2m, (lat, land) => lat is < -30 and > -50);

        Assert.InRange(tropics, 290, 305);
        Assert.True(arcticLandJuly - arcticLandJanuary > 10, $"60–70°N land: January {arcticLandJanuary:F1} K, July {arcticLandJuly:F1} K");
        Assert.True(southJanuary > southJuly, $"30–50°S: January {southJanuary:F1} K, July {southJuly:F1} K (southern summer in January)");
    }

    [Fact]
    public void DiurnalRange_IsLargerOverLandThanSea()
    {
        var cycle = new CycleId(new DateTime(2025, 6, 20, 0, 0, 0, DateTimeKind.Utc));
        int cells = world.Grid.CellCount;
        var min = Enumerable.Repeat(double.MaxValue, cells).ToArray();
        var max = Enumerable.Repeat(double.MinValue, cells).ToArray();
        for (int hour = 0; hour < 24; hour += 2)
        {
            float[] f = world.Forecast(cycle, hour);
            for (int i = 0; i < cells; i++)
            {
                min[i] = Math.Min(min[i], f[i]);
                max[i] = Math.Max(max[i], f[i]);
            }
        }

        double land = MeanOver(i => max[i] - min[i], (lat, l) => Math.Abs(lat) < 55 && l > 0.9);
        double sea = MeanOver(i => max[i] - min[i], (lat, l) => Math.Abs(lat) < 55 && l < 0.1);

        Assert.True(land > 2.5 * sea, $"mean 24 h range: land {land:F2} K, sea {sea:F2} K");
    }

    [Fact]
    public void Wind_IsGeostrophicTurnedTowardsLowPressure()
    {
        // Literal geostrophic wind from centred differences of msl, in the test, compared with u10/v10.
        int t = IndexOf(new DateTime(2025, 3, 10, 6, 0, 0, DateTimeKind.Utc));
        GridSpec g = world.Grid;
        ReadOnlySpan<float> p = world.Field(t, Msl), u = world.Field(t, U10), v = world.Field(t, V10);
        var seaTurn = new List<double>();
        var seaRatio = new List<double>();
        for (int r = 2; r < g.LatitudeCount - 2; r++)
        {
            double lat = g.Latitude(r);
            if (Math.Abs(lat) is < 30 or > 70)
            {
                continue;
            }

            double f = 2 * AtmosphereModel.Omega * Math.Sin(lat * Math.PI / 180);
            double dy = g.LatitudeStep * Math.PI / 180 * GridSpec.EarthRadiusKm * 1000;
            double dx = dy * Math.Cos(lat * Math.PI / 180);
            for (int c = 0; c < g.LongitudeCount; c++)
            {
                int i = (r * g.LongitudeCount) + c;
                if (world.Geography.Fields.LandSeaMask[i] > 0.01)
                {
                    continue;
                }

                double dpdx = (p[i + (c == g.LongitudeCount - 1 ? 1 - g.LongitudeCount : 1)] - p[i - (c == 0 ? 1 - g.LongitudeCount : 1)]) / (2 * dx);
                double dpdy = (p[i - g.LongitudeCount] - p[i + g.LongitudeCount]) / (2 * dy);
                double ug = -dpdy / (AtmosphereModel.AirDensity * f), vg = dpdx / (AtmosphereModel.AirDensity * f);
                double speedG = Math.Sqrt((ug * ug) + (vg * vg)), speed = Math.Sqrt((u[i] * u[i]) + (v[i] * v[i]));
                if (speedG < 3 || speed > 40)
                {
                    continue;
                }

                // Signed angle from the geostrophic wind to the 10 m wind, positive anticlockwise, times the hemisphere sign.
                double angle = Math.Atan2((ug * v[i]) - (vg * u[i]), (ug * u[i]) + (vg * v[i])) * 180 / Math.PI * Math.Sign(lat);
                seaTurn.Add(angle);
                seaRatio.Add(speed / speedG);
            }
        }

        Assert.True(seaTurn.Count > 50, $"{seaTurn.Count} sea cells");
        Assert.InRange(Median(seaTurn), AtmosphereModel.SeaTurningDegrees - 4, AtmosphereModel.SeaTurningDegrees + 4);
        Assert.InRange(Median(seaRatio), AtmosphereModel.SeaSpeedFactor - 0.1, AtmosphereModel.SeaSpeedFactor + 0.1);
    }

    [Fact]
    public void Precipitation_CloudAndHeights_StayInRange()
    {
        var tp = new List<double>();
        for (int t = 0; t < world.Times.Count; t += 40)
        {
            foreach (float value in world.Field(t, Tp))
            {
                Assert.True(value >= 0, "tp must be non-negative");
                tp.Add(value);
            }

            foreach (float value in world.Field(t, Tcc))
            {
                Assert.InRange(value, 0f, 1f);
            }

            foreach (float value in world.Field(t, Z500))
            {
                Assert.InRange(value / VariableCatalog.StandardGravity, 4600, 6100);
            }
        }

        Assert.True(tp.Average() > Median(tp) * 1.5, $"tp should be skewed: mean {tp.Average():E2}, median {Median(tp):E2}");
    }

    [Fact]
    public void Orography_LowersT2mByTheLapseRate()
    {
        var cycle = new CycleId(new DateTime(2025, 4, 1, 12, 0, 0, DateTimeKind.Utc));
        int cell = (10 * world.Grid.LongitudeCount) + 5;
        StaticFields statics = world.Geography.Fields;
        float[] raised = (float[])statics.OrographyM.Clone();
        raised[cell] += 1000;
        var model = new AtmosphereModel(world.Grid, statics with { OrographyM = raised }, world.Setup.Chain, world.Setup.Events, world.Options.Seed);

        var perturbed = new float[SyntheticWorld.Variables * world.Grid.CellCount];
        model.Forecast(cycle, 0, perturbed);
        float[] baseline = world.Forecast(cycle, 0);

        Assert.Equal(-6.5, perturbed[cell] - baseline[cell], 2);
        Assert.Equal(baseline[cell + 1], perturbed[cell + 1]);   // nothing else moves
    }

    [Fact]
    public void T2m_DependsOnTheUpwindSideOnly()
    {
        // A strong westerly at a mid-latitude cell: land-sea contrast placed upwind changes its t2m, placed downwind does not.
        GridSpec g = world.Grid;
        int cells = g.CellCount, target = -1, time = 0;
        for (int t = 0; t < world.Times.Count && target < 0; t++)
        {
            ReadOnlySpan<float> u = world.Field(t, U10), v = world.Field(t, V10);
            for (int i = 0; i < cells && target < 0; i++)
            {
                if (Math.Abs(g.Latitude(i / g.LongitudeCount)) is > 30 and < 65 && u[i] > 9 && Math.Abs(v[i]) < 0.25 * u[i])
                {
                    (target, time) = (i, t);
                }
            }
        }

        Assert.True(target >= 0, "no strong westerly found");
        var cycle = new CycleId(world.Times[time]);
        float[] baseline = world.Forecast(cycle, 0);
        float Perturbed(int offset)
        {
            float[] lsm = (float[])world.Geography.Fields.LandSeaMask.Clone();
            int row = target / g.LongitudeCount, column = target % g.LongitudeCount;
            for (int k = 1; k <= 2; k++)
            {
                int c = (column + (offset * k) + g.LongitudeCount) % g.LongitudeCount;
                lsm[(row * g.LongitudeCount) + c] = 1 - lsm[(row * g.LongitudeCount) + c];
            }

            var model = new AtmosphereModel(g, world.Geography.Fields with { LandSeaMask = lsm }, world.Setup.Chain, world.Setup.Events, world.Options.Seed);
            var values = new float[SyntheticWorld.Variables * cells];
            model.Forecast(cycle, 0, values);
            return values[target];
        }

        float upwind = Perturbed(-1), downwind = Perturbed(+1);

        Assert.NotEqual(baseline[target], upwind);
        Assert.Equal(baseline[target], downwind);
    }

    [Fact]
    public void ForecastError_GrowsWithLead()
    {
        double[] msl = new double[4], t2m = new double[4];
        int[] leads = [0, 24, 48, 72];
        for (int k = 0; k < leads.Length; k++)
        {
            for (int t = 40; t < world.Times.Count; t += 50)
            {
                var cycle = new CycleId(world.Times[t].AddHours(-leads[k]));
                float[] forecast = world.Forecast(cycle, leads[k]);
                msl[k] += SquaredError(forecast.AsSpan(Msl * world.Grid.CellCount, world.Grid.CellCount), world.Field(t, Msl));
                t2m[k] += SquaredError(forecast.AsSpan(T2m * world.Grid.CellCount, world.Grid.CellCount), world.Field(t, T2m));
            }
        }

        Assert.Equal(0, msl[0]);
        Assert.True(msl[1] < msl[2] && msl[2] < msl[3], $"msl squared errors {string.Join(", ", msl)}");
        Assert.True(t2m[1] < t2m[2] && t2m[2] < t2m[3], $"t2m squared errors {string.Join(", ", t2m)}");
    }

    private int IndexOf(DateTime time) => world.Times.ToList().IndexOf(time);

    private double Mean(int time, int variable, Func<double, double, bool> where)
    {
        ReadOnlySpan<float> field = world.Field(time, variable);
        float[] copy = field.ToArray();
        return MeanOver(i => copy[i], where);
    }

    private double MeanOver(Func<int, double> value, Func<double, double, bool> where)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < world.Grid.CellCount; i++)
        {
            if (where(world.Grid.Latitude(i / world.Grid.LongitudeCount), world.Geography.Fields.LandSeaMask[i]))
            {
                sum += value(i);
                n++;
            }
        }

        return sum / n;
    }

    private static double SquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return sum;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
