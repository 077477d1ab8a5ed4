using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using TorchSharp;

namespace Monitor.Bench;

/// <summary>
/// The realistic t-SNE benchmark matrix: 6-hourly analyses (lead 0) of the synthetic atmosphere on W1 from
/// 2019-01-01 00 UTC (seed 1), z500 and t2m anomalies from the mean of all states, √cos(lat) weighted, each variable
/// scaled to unit total variance, reduced to the leading principal components (eigenvectors of the covariance,
/// libtorch float64).
/// </summary>
internal static class TsneArchiveMatrix
{
    public static double[,] Build(int states, int components)
    {
        GridSpec grid = SyntheticGrids.Global5625;
        var from = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var options = new GeneratorOptions { Grid = grid, From = from, To = from.AddHours(6.0 * (states - 1)), LeadHours = [0], Seed = 1, OutputDirectory = "unused" };
        SyntheticSetup setup = ArchiveGenerator.Prepare(options, GeographyBuilder.Build(grid));
        int cells = grid.CellCount;
        int[] variables = [AtmosphereModel.Variables.ToList().IndexOf(new VariableId("z", 500)), AtmosphereModel.Variables.ToList().IndexOf(new VariableId("t2m"))];
        var x = new double[states * 2 * cells];
        var block = new float[AtmosphereModel.Variables.Count * cells];
        for (int s = 0; s < states; s++)
        {
            setup.Model.Forecast(new CycleId(from.AddHours(6.0 * s)), 0, block);
            for (int v = 0; v < 2; v++)
            {
                for (int c = 0; c < cells; c++)
                {
                    x[(s * 2 * cells) + (v * cells) + c] = block[(variables[v] * cells) + c];
                }
            }
        }

        for (int v = 0; v < 2; v++)
        {
            double total = 0;
            for (int c = 0; c < cells; c++)
            {
                int column = (v * cells) + c;
                double mean = 0;
                for (int s = 0; s < states; s++)
                {
                    mean += x[(s * 2 * cells) + column];
                }

                mean /= states;
                double weight = Math.Sqrt(Math.Cos(grid.Latitude(c / grid.LongitudeCount) * Math.PI / 180));
                for (int s = 0; s < states; s++)
                {
                    ref double value = ref x[(s * 2 * cells) + column];
                    value = (value - mean) * weight;
                    total += value * value;
                }
            }

            double scale = 1 / Math.Sqrt(total / states);
            for (int s = 0; s < states; s++)
            {
                for (int c = 0; c < cells; c++)
                {
                    x[(s * 2 * cells) + (v * cells) + c] *= scale;
                }
            }
        }

        return Reduce(x, states, 2 * cells, components);
    }

    private static double[,] Reduce(double[] x, int n, int d, int components)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = torch.NewDisposeScope();
        torch.Tensor data = torch.tensor(x, [n, d], torch.float64);
        torch.Tensor covariance = data.t().matmul(data);
        (torch.Tensor _, torch.Tensor vectors) = torch.linalg.eigh(covariance);

        // eigh sorts eigenvalues ascending: the leading components are the last columns.
        torch.Tensor leading = vectors.narrow(1, d - components, components).flip(1);
        double[] scores = data.matmul(leading).contiguous().data<double>().ToArray();
        var result = new double[n, components];
        Buffer.BlockCopy(scores, 0, result, 0, scores.Length * sizeof(double));
        return result;
    }
}
