using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;

namespace Monitor.Core.Tests.Monitoring;

public sealed class CyclePredictionTests
{
    [Fact]
    public void Consistency_LeavesMissingCellsOutOfEveryMean()
    {
        // Every field misses cell (1, 1); the forecast's t2m also misses the cell beside it.
        GridSpec grid = SampleCycles.Grid;
        int inputMissing = grid.LongitudeCount + 1, forecastMissing = inputMissing + 1;
        CycleData sample = SampleCycles.Create(CycleId.Parse("2026112500"), [0, 6], [new("t2m"), new("msl")], withStatics: true);
        float[] values = sample.Values.ToArray();
        for (int l = 0; l < 2; l++)
        {
            values[(l * 2 * grid.CellCount) + forecastMissing] = float.NaN;
        }

        var data = new CycleData(sample.Cycle, grid, sample.LeadHours, sample.Variables, values, sample.Statics);
        using TransferModel model = TransferModel.Create(Spec(grid), seed: 2);

        CyclePrediction prediction = CyclePrediction.Run(model, data);

        for (int l = 0; l < 2; l++)
        {
            float[] predicted = prediction.Predicted.AsSpan(l * grid.CellCount, grid.CellCount).ToArray();
            float[] forecast = data.Field(l, 0).ToArray();
            int[] both = [.. Enumerable.Range(0, grid.CellCount).Where(i => i != inputMissing && i != forecastMissing)];
            LeadConsistency lead = prediction.Leads[l];
            Assert.True(float.IsNaN(predicted[inputMissing]));
            Assert.Equal(predicted.Where(v => !float.IsNaN(v)).Average(v => (double)v), lead.PredictedMean, 9);
            Assert.Equal(both.Average(i => (double)forecast[i]), lead.ForecastMean!.Value, 9);
            Assert.Equal(both.Average(i => (double)predicted[i] - forecast[i]), lead.Bias!.Value, 9);
            Assert.Equal(Math.Sqrt(both.Average(i => Math.Pow((double)predicted[i] - forecast[i], 2))), lead.Rmse!.Value, 9);
        }
    }

    private static ModelSpec Spec(GridSpec grid) => new()
    {
        Name = "consistency",
        Target = "t2m",
        Inputs = ["msl", "orography", "lsm"],
        Architecture = Architecture.ResNet,
        Width = 4,
        Blocks = 1,
        Grid = grid,
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([280.0], [10.0]),
            ["msl"] = new([1000.0], [100.0]),
            ["orography"] = new([500.0], [700.0]),
            ["lsm"] = new([0.5], [0.5]),
        },
    };
}
