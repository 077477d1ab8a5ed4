using Monitor.Core.Runtime;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Transfer;

public sealed class BatchNormTests
{
    [Fact]
    public void TrainingStep_MatchesTheLiteralDefinition()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(4);
        using var norm = new BatchNorm(2);
        norm.train();
        Tensor x = randn(3, 2, 2, 2, dtype: float64).to(float32);
        float[] input = x.data<float>().ToArray();

        float[] y = norm.call(x).data<float>().ToArray();
        var state = norm.state_dict();

        for (int c = 0; c < 2; c++)
        {
            // Literal batch statistics over (batch, lat, lon) of channel c, in float64.
            double[] values = Enumerable.Range(0, 3).SelectMany(b => Enumerable.Range(0, 4).Select(k => (double)input[(b * 8) + (c * 4) + k])).ToArray();
            double mean = values.Average();
            double biased = values.Select(v => (v - mean) * (v - mean)).Sum() / values.Length;
            double unbiased = biased * values.Length / (values.Length - 1);
            for (int b = 0; b < 3; b++)
            {
                for (int k = 0; k < 4; k++)
                {
                    int i = (b * 8) + (c * 4) + k;
                    Assert.Equal((input[i] - mean) / Math.Sqrt(biased + BatchNorm.Epsilon), y[i], 4);
                }
            }

            // Running statistics move 10 % towards the batch's (PyTorch's momentum 0.1, unbiased variance).
            Assert.Equal(0.1 * mean, state["running_mean"].data<float>()[c], 5);
            Assert.Equal(0.9 + (0.1 * unbiased), state["running_var"].data<float>()[c], 5);
        }

        Assert.Equal(1L, state["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Eval_UsesRunningStatisticsAndLeavesThemAlone()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using var norm = new BatchNorm(1);
        norm.eval();

        float[] y = norm.call(tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2)).data<float>().ToArray();

        // mean 0, variance 1: y = x / sqrt(1 + ε).
        Assert.Equal(4 / Math.Sqrt(1 + BatchNorm.Epsilon), y[3], 5);
        Assert.Equal(0L, norm.state_dict()["num_batches_tracked"].item<long>());
    }
}
