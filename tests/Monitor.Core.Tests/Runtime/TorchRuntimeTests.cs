using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Initialize_VerifiesTheKernelsItChoosesAndTunesTheProcess()
    {
        KernelReport kernels = TorchRuntime.Kernels;

        Assert.True(kernels.ShapesVerified >= KernelCheck.StartupShapes.Count, kernels.ToString());
        Assert.InRange(kernels.WorstRelativeError, 0, KernelCheck.Tolerance);
        Assert.True(NativeHeapTuning.IsApplied, "the glibc heap tuning must be in effect wherever libtorch runs");
        Assert.True(TorchRuntime.NnpackDisabled);
        Assert.StartsWith("2.10", torch.__version__, StringComparison.Ordinal);
    }

    [Fact]
    public void InputGradient_OfTheCaseThatExposedTheFault_IsRightOnThePathChosen()
    {
        // The case seen wrong on AVX-512 hosts (NaN, 1.8e-1 or right from run to run): x [2, 6, 32, 64], a bias-free 3×3
        // convolution to 4 channels, padding 1. ∂(Σ conv(x))/∂x at an interior cell is, literally, the sum of the weights
        // over output channels and kernel taps of that input channel — no reference implementation needed.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(42);
        Tensor weight = randn(4, 6, 3, 3);
        Tensor x = randn(2, 6, 32, 64).requires_grad_(true);
        Tensor y = nn.functional.conv2d(x, weight, padding: [1, 1]).sum();
        Tensor gradient = autograd.grad([y], [x])[0];

        double[] expected = weight.to(float64).sum([0L, 2L, 3L]).data<double>().ToArray();
        Tensor interior = gradient.to(float64)[.., .., 1..^1, 1..^1];
        for (int channel = 0; channel < 6; channel++)
        {
            double worst = (interior[.., channel] - expected[channel]).abs().max().item<double>();
            Assert.True(worst <= 1e-5 * Math.Max(1, Math.Abs(expected[channel])), $"channel {channel}: off by {worst:E2} on {TorchRuntime.Kernels}");
        }

        Assert.Equal(0, (gradient.isnan().sum().item<long>()));
    }

    [Theory]
    [InlineData(null, KernelMode.Auto)]
    [InlineData("", KernelMode.Auto)]
    [InlineData(" AUTO ", KernelMode.Auto)]
    [InlineData("on", KernelMode.On)]
    [InlineData("off", KernelMode.Off)]
    public void ParseMode_AcceptsTheDocumentedValues(string? value, KernelMode expected) =>
        Assert.Equal(expected, TorchRuntime.ParseMode(value));

    [Fact]
    public void ParseMode_RejectsOtherValuesNamingTheVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => TorchRuntime.ParseMode("avx2"));
        Assert.Contains("V2V_ONEDNN='avx2'", ex.Message, StringComparison.Ordinal);
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
