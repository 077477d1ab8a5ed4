using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>Forecasts verified against the later analyses: the error grows with lead.</summary>
public sealed class ForecastErrorGrowthTests
{
    private readonly ITestOutputHelper _output;

    public ForecastErrorGrowthTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("msl", 100.0, "hPa")]
    [InlineData("t2m", 1.0, "K")]
    [InlineData("z500", 9.80665, "gpm")]
    public void Rmse_AgainstTheVerifyingAnalysis_GrowsWithLead(string variable, double unit, string unitName)
    {
        // W1, 20 cycles 6-hourly from 1 February 2026; each forecast at +24/+48/+72 h is compared with the analysis
        // (lead 0 of the later cycle) at the same valid time, cos φ-weighted over the globe.
        GridSpec grid = SyntheticGrids.Global5625;
        StaticFields statics = GeographyBuilder.Build(grid).Fields;
        var from = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        ArchiveModel model = ArchiveModel.For(grid, statics, from, from.AddDays(10), 72, seed: 21);
        VariableId id = variable == "z500" ? ModelOutput.Z500 : new VariableId(variable);
        double[] weight = [.. Enumerable.Range(0, grid.CellCount).Select(i => Math.Cos(GridCells.Latitude(grid, i) * Math.PI / 180))];
        var analyses = new Dictionary<DateTime, float[]>();
        float[] Analysis(DateTime valid) => analyses.TryGetValue(valid, out float[]? a) ? a : analyses[valid] = model.Analysis(valid)[id].ToArray();

        var rmse = new List<double>();
        foreach (int lead in new[] { 24, 48, 72 })
        {
            double sum = 0, weights = 0;
            for (int c = 0; c < 20; c++)
            {
                var cycle = new CycleId(from.AddHours(6 * c));
                ReadOnlySpan<float> forecast = model.Forecast(cycle, lead)[id];
                float[] truth = Analysis(cycle.ValidTime(lead));
                for (int i = 0; i < truth.Length; i++)
                {
                    double e = (forecast[i] - truth[i]) / unit;
                    sum += weight[i] * e * e;
                    weights += weight[i];
                }
            }

            rmse.Add(Math.Sqrt(sum / weights));
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variable} RMSE (20 cycles): +24 h {rmse[0]:F3}, +48 h {rmse[1]:F3}, +72 h {rmse[2]:F3} {unitName}"));
        Assert.True(rmse[0] > 0, "the +24 h forecast equals the analysis");
        Assert.True(rmse[1] > 1.1 * rmse[0], $"+48 h RMSE {rmse[1]:F3} not above +24 h {rmse[0]:F3}");
        Assert.True(rmse[2] > 1.1 * rmse[1], $"+72 h RMSE {rmse[2]:F3} not above +48 h {rmse[1]:F3}");
    }
}
