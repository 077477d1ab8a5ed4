using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The planted causal relationships of t2m (docs/synthetic-atmosphere.md, "Planted relationships"), checked by
/// perturbing one input of the model and holding everything else fixed, where the input can be perturbed: the land–sea
/// mask upwind and downwind of a cell, the orography of one cell; and through the sun's daily cycle otherwise.
/// </summary>
public sealed class PlantedRelationshipTests
{
    private const double EarthRadiusM = 6371008.8;
    private const double AdvectionSeconds = 6 * 3600.0;   // τ = 6 h
    private const double LapseRateKPerM = 0.0065;

    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_end = new(2026, 12, 31, 18, 0, 0, DateTimeKind.Utc);

    private readonly ITestOutputHelper _output;

    public PlantedRelationshipTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void T2m_AfternoonMinusNight_IsSeveralKelvinOverClearLand_AndSmallOverSea()
    {
        // W1 in July, 30–60°N: t2m at ~14 local solar time minus at ~02, at cells clear (tcc < 0.3) at both times.
        GridSpec grid = SyntheticGrids.Global5625;
        StaticFields statics = GeographyBuilder.Build(grid).Fields;
        ArchiveModel model = ArchiveModel.For(grid, statics, s_start, s_end, 0, seed: 3);
        DateTime day0 = new(2026, 7, 14, 0, 0, 0, DateTimeKind.Utc);
        ModelOutput[] hourly = [.. Enumerable.Range(0, 72).Select(h => model.Analysis(day0.AddHours(h)))];
        var land = new List<double>();
        var sea = new List<double>();
        foreach (int cell in GridCells.InBand(grid, 30, 60))
        {
            float lsm = statics.LandSeaMask[cell];
            if (lsm is > 0.1f and < 0.9f)
            {
                continue;
            }

            double solarOffset = GridCells.Longitude(grid, cell) / 15.0;   // local solar time − UTC (h), within 0.2 h of the true value
            for (int day = 1; day < 3; day++)
            {
                int afternoon = UtcHourOf(14, solarOffset) + (24 * day), night = afternoon - 12;
                if (hourly[afternoon][ModelOutput.Tcc][cell] >= 0.3f || hourly[night][ModelOutput.Tcc][cell] >= 0.3f)
                {
                    continue;
                }

                double rise = hourly[afternoon][ModelOutput.T2m][cell] - hourly[night][ModelOutput.T2m][cell];
                (lsm >= 0.9f ? land : sea).Add(rise);
            }
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"t2m(14 LST) − t2m(02 LST), clear sky, 30–60°N, July: land mean {land.Average():F2} K (n {land.Count}, 10th pct {Percentile.Of(land, 0.1):F2}), " +
            $"sea mean {sea.Average():F2} K (n {sea.Count}, 90th pct {Percentile.Of(sea, 0.9):F2})"));
        Assert.True(land.Count >= 20 && sea.Count >= 20, $"too few clear cells: land {land.Count}, sea {sea.Count}");
        // Expected from the equations: (2 + 12 lsm)(1 − 0.6 tcc) · cos z(12 LST) ≈ 14 · 0.82–1 · 0.9 ≈ 10–12 K on clear
        // land, 1.5–1.8 K over sea, plus whatever the weather does in 12 h.
        Assert.InRange(land.Average(), 7, 16);
        Assert.InRange(sea.Average(), -1, 3);
        Assert.True(Percentile.Of(land, 0.1) > 3, "a tenth of clear land cells warm by less than 3 K into the afternoon");
    }

    [Fact]
    public void T2m_DependsOnTheLandSeaMaskUpwind_AndNotDownwind()
    {
        // An all-sea 0.5° Euro-Atlantic grid on 20 January 00 UTC (winter factor W = 1 exactly): find a cell under a strong
        // westerly, then make land of (1) the cells around its upwind point x − v₁₀·6 h, (2) the same patch mirrored
        // downwind, (3) the cells between the target and the upwind patch. Only (1) may change t2m at the target, by
        // the land part of the sea-level climatology there: −14 |sin φ|^1.2 · W, bilinearly weighted.
        GridSpec grid = SyntheticGrids.Parse("65,35,-40,40,0.5");
        int n = grid.LongitudeCount;
        var sea = new StaticFields(grid, new float[grid.CellCount], new float[grid.CellCount]);
        DateTime valid = new(2026, 1, 20, 0, 0, 0, DateTimeKind.Utc);
        ArchiveModel baseline = ArchiveModel.For(grid, sea, s_start, s_end, 0, seed: 7, withEvents: false);
        ModelOutput reference = baseline.Analysis(valid);
        float[] u = reference[ModelOutput.U10].ToArray(), v = reference[ModelOutput.V10].ToArray();

        // The cell whose upwind point lies furthest west, in cells, under a nearly zonal westerly.
        int target = -1;
        double furthest = 0;
        for (int r = 10; r < grid.LatitudeCount - 10; r++)
        {
            double cellsPerMetre = 180 / (Math.PI * EarthRadiusM * Math.Cos(grid.Latitude(r) * Math.PI / 180) * grid.LongitudeStep);
            for (int c = 40; c < n - 40; c++)
            {
                int i = (r * n) + c;
                double cells = u[i] * AdvectionSeconds * cellsPerMetre;
                if (u[i] > 0 && Math.Abs(v[i]) <= 0.3 * u[i] && cells > furthest)
                {
                    (target, furthest) = (i, cells);
                }
            }
        }

        Assert.True(furthest >= 3.5, $"no westerly carries air from 3.5 cells west in this analysis (best {furthest:F1}); pick another time or seed");
        double lat = GridCells.Latitude(grid, target), lon = GridCells.Longitude(grid, target);
        double upLat = lat - (v[target] * AdvectionSeconds / EarthRadiusM * 180 / Math.PI);
        double upLon = lon - (u[target] * AdvectionSeconds / (EarthRadiusM * Math.Cos(lat * Math.PI / 180)) * 180 / Math.PI);
        double y = (grid.FirstLatitude - upLat) / grid.LatitudeStep, x = (upLon - grid.FirstLongitude) / grid.LongitudeStep;
        int r0 = (int)Math.Floor(y), c0 = (int)Math.Floor(x), targetRow = target / n, targetColumn = target % n;
        double fy = y - r0, fx = x - c0;

        int[] upwind = Patch(r0, r0 + 1, c0, c0 + 1);
        int[] downwind = Patch(r0, r0 + 1, (2 * targetColumn) - (c0 + 1), (2 * targetColumn) - c0);
        int[] between = Patch(targetRow - 1, targetRow + 1, c0 + 2, targetColumn - 1);
        double expected = 0;
        foreach (var (row, column, weight) in new[] { (r0, c0, (1 - fy) * (1 - fx)), (r0, c0 + 1, (1 - fy) * fx), (r0 + 1, c0, fy * (1 - fx)), (r0 + 1, c0 + 1, fy * fx) })
        {
            expected -= weight * 14 * Math.Pow(Math.Abs(Math.Sin(grid.Latitude(row) * Math.PI / 180)), 1.2);
        }

        double Change(int[] patch)
        {
            float[] lsm = new float[grid.CellCount];
            foreach (int i in patch)
            {
                lsm[i] = 1;
            }

            ModelOutput perturbed = baseline.WithStatics(new StaticFields(grid, new float[grid.CellCount], lsm), seed: 7).Analysis(valid);
            Assert.Equal(u[target], perturbed[ModelOutput.U10][target]);   // the target's own wind is untouched
            return perturbed[ModelOutput.T2m][target] - reference[ModelOutput.T2m][target];
        }

        double dUp = Change(upwind), dDown = Change(downwind), dBetween = Change(between);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target ({lat}°N, {lon}°E), u10 {u[target]:F1} m/s, v10 {v[target]:F1} m/s; upwind point ({upLat:F2}°N, {upLon:F2}°E), {(lon - upLon) * 111.2 * Math.Cos(lat * Math.PI / 180):F0} km west"));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Δt2m at the target: land upwind {dUp:+0.000;-0.000} K (expected {expected:+0.000;-0.000}), land downwind {dDown:+0.000;-0.000} K, land in between {dBetween:+0.000;-0.000} K"));
        Assert.Equal(expected, dUp, 0.02);
        Assert.True(dUp < -5, "winter land upwind must cool the target by several kelvin");
        Assert.Equal(0, dDown, 1e-4);
        Assert.Equal(0, dBetween, 1e-4);

        int[] Patch(int rowFrom, int rowTo, int columnFrom, int columnTo) =>
            [.. from r in Enumerable.Range(rowFrom, rowTo - rowFrom + 1)
                from c in Enumerable.Range(columnFrom, columnTo - columnFrom + 1)
                select (r * n) + c];
    }

    [Fact]
    public void T2m_FallsBy6Point5KelvinPerKilometreOfOrography_AtThatCellOnly()
    {
        GridSpec grid = SyntheticGrids.Global5625;
        StaticFields statics = GeographyBuilder.Build(grid).Fields;
        ArchiveModel model = ArchiveModel.For(grid, statics, s_start, s_end, 0, seed: 11);
        int cell = GridCells.Nearest(grid, 48.9, 2.8);   // northern France, low land
        float[] orography = (float[])statics.OrographyM.Clone();
        orography[cell] += 1000;
        ArchiveModel raised = model.WithStatics(statics with { OrographyM = orography }, seed: 11);

        foreach (DateTime valid in new[] { new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc) })
        {
            foreach (int lead in new[] { 0, 48 })
            {
                var cycle = new CycleId(valid.AddHours(-lead));
                ModelOutput before = model.Forecast(cycle, lead), after = raised.Forecast(cycle, lead);
                double change = after[ModelOutput.T2m][cell] - before[ModelOutput.T2m][cell];
                _output.WriteLine($"{valid:yyyy-MM-dd HH}Z +{lead} h: t2m {before[ModelOutput.T2m][cell]:F2} → {after[ModelOutput.T2m][cell]:F2} K ({change:+0.000;-0.000} K for +1000 m)");
                Assert.Equal(-LapseRateKPerM * 1000, change, 0.01);
                foreach (VariableId variable in AtmosphereModel.Variables)
                {
                    float[] a = before[variable].ToArray(), b = after[variable].ToArray();
                    int[] changed = [.. Enumerable.Range(0, a.Length).Where(i => a[i] != b[i])];
                    Assert.Equal(variable == ModelOutput.T2m ? [cell] : [], changed);
                }
            }
        }
    }

    private static int UtcHourOf(int localSolarHour, double offsetHours) =>
        (int)(((Math.Round(localSolarHour - offsetHours) % 24) + 24) % 24);
}
