using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Runtime;

/// <summary>
/// Proves libtorch works in this process: a convolution forward and backward, and <c>torch.autograd.grad</c>, checked
/// against each other and against a property that needs no reference implementation — for a bias-free (linear,
/// hence 1-homogeneous) convolution, Σ x·∂(Σy)/∂x = Σy (Euler's theorem).
/// </summary>
public static class TorchSelfTest
{
    /// <summary>Runs the check on a small deterministic input.</summary>
    public static TorchSelfTestResult Run(long seed = 42)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(seed);
        var conv = nn.Conv2d(6, 4, 3, padding: 1, bias: false);
        Tensor x = randn(2, 6, 32, 64).requires_grad_(true);
        Tensor y = conv.call(x).sum();

        Tensor gradByGrad = autograd.grad([y], [x], retain_graph: true)[0];
        y.backward();
        Tensor gradByBackward = x.grad!;

        double difference = (gradByGrad - gradByBackward).abs().max().item<float>();
        double euler = (x * gradByGrad).sum().item<float>();
        double output = y.item<float>();
        double linearity = Math.Abs(euler - output) / Math.Max(1e-6, Math.Abs(output));
        conv.Dispose();
        return new TorchSelfTestResult(torch.__version__, get_num_threads(), NativeHeapTuning.IsApplied,
            TorchRuntime.NnpackDisabled, difference, linearity);
    }
}
