using Monitor.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void SelfTest_ConvolutionForwardBackwardAndAutogradGrad_Agree()
    {
        TorchSelfTestResult result = TorchSelfTest.Run();

        Assert.True(result.Passed, result.ToString());
        Assert.True(result.HeapTuned, "the glibc heap tuning must be in effect wherever libtorch runs");
        Assert.True(result.NnpackDisabled);
        Assert.StartsWith("2.10", result.LibTorchVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2dInputGradient_MatchesLiteralFiniteDifference()
    {
        // An independent oracle for the gradient: central differences in float64 on a tiny convolution.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(7);
        var conv = nn.Conv2d(2, 3, 3, padding: 1).to(float64);
        Tensor x = randn(1, 2, 5, 6, dtype: float64).requires_grad_(true);
        Tensor weights = randn(1, 3, 5, 6, dtype: float64);
        Tensor objective = (conv.call(x) * weights).sum();
        Tensor gradient = autograd.grad([objective], [x])[0];

        const double h = 1e-6;
        double[] input = x.detach().data<double>().ToArray();
        for (int i = 0; i < input.Length; i += 7)
        {
            double Objective(double delta)
            {
                double[] shifted = (double[])input.Clone();
                shifted[i] += delta;
                using Tensor xs = tensor(shifted, [1, 2, 5, 6]);
                using Tensor y = conv.call(xs);
                return (y * weights).sum().item<double>();
            }

            double numeric;
            using (no_grad())
            {
                numeric = (Objective(h) - Objective(-h)) / (2 * h);
            }

            Assert.Equal(numeric, gradient.data<double>()[i], 6);
        }

        conv.Dispose();
    }
}
