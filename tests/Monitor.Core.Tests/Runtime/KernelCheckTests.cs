using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using Monitor.Core.Tests.Relevance.Graph;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Runtime;

public sealed class KernelCheckTests
{
    public KernelCheckTests() => TorchRuntime.Initialize();

    [Fact]
    public void Run_OnTheKernelsInUse_PassesEveryOperationWellWithinTolerance()
    {
        KernelCheckResult result = KernelCheck.Run(KernelCheck.StartupShapes, TorchRuntime.Kernels.Path);

        Assert.True(result.Passed, string.Join("\n", result.Failures));
        // Five operations per shape (one fewer where groups > 1): nothing was skipped.
        Assert.Equal(5 * KernelCheck.StartupShapes.Count, result.Deviations.Count);
        Assert.True(result.WorstRelativeError < KernelCheck.Tolerance / 10, $"worst {result.WorstRelativeError:E2}: the tolerance leaves less than a 10× margin");
    }

    [Fact]
    public void Run_WithASimulatedWrongBackwardDataKernel_FailsExactlyTheBackwardDataOperations()
    {
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.FullIsa);

        // Under a simulated fault the process runs whatever path verified; the labels decide what the fault corrupts.
        KernelCheckResult onFullIsa = KernelCheck.Run(KernelCheck.StartupShapes, KernelPath.OneDnn);
        KernelCheckResult capped = KernelCheck.Run(KernelCheck.StartupShapes, KernelPath.OneDnnCappedIsa);

        Assert.False(onFullIsa.Passed);
        Assert.Equal(
            [ConvolutionOperation.InputGradient, ConvolutionOperation.Adjoint, ConvolutionOperation.GroupedAdjoint],
            onFullIsa.Failures.Select(f => f.Operation).Distinct().Order().ToArray());
        Assert.All(onFullIsa.Failures, f => Assert.Equal(KernelFaultInjection.Factor - 1, f.RelativeError, 3));
        Assert.True(capped.Passed);
    }

    [Fact]
    public void RelativeError_OfANaNResult_IsInfiniteAndFails()
    {
        using IDisposable scope = NewDisposeScope();
        Tensor reference = ones(4, dtype: float64);
        Tensor result = tensor(new[] { 1f, float.NaN, 1f, 1f });

        Assert.Equal(double.PositiveInfinity, KernelCheck.RelativeError(result, reference));
        var check = new KernelCheckResult(KernelPath.OneDnn, [new KernelDeviation(KernelCheck.StartupShapes[0], ConvolutionOperation.InputGradient, double.NaN)], KernelCheck.Tolerance);
        Assert.False(check.Passed);
    }

    [Theory]
    [InlineData(false, 33, 65, 3, 2, 0)]
    [InlineData(false, 32, 64, 3, 1, 1)]
    [InlineData(true, 16, 32, 2, 2, 0)]
    [InlineData(true, 7, 9, 3, 2, 1)]
    public void OutputSize_MatchesLibTorch(bool transposed, long height, long width, long kernel, long stride, long padding)
    {
        using IDisposable scope = NewDisposeScope();
        var shape = new ConvolutionShape(transposed, 1, 3, 5, height, width, kernel, stride, padding);
        Tensor x = zeros(1, 3, height, width), w = zeros(shape.WeightShape);
        Tensor y = transposed
            ? nn.functional.conv_transpose2d(x, w, strides: [stride, stride], padding: [padding, padding])
            : nn.functional.conv2d(x, w, strides: [stride, stride], padding: [padding, padding]);

        Assert.Equal([1, 5, shape.OutputHeight, shape.OutputWidth], y.shape);
    }

    [Fact]
    public void ConvolutionLayers_OfAUNet_FindsEveryLayerAtTheSizeItSees()
    {
        using IDisposable scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> unet = Networks.UNet(float32, zeroBias: false);
        bool training = unet.training;

        IReadOnlyList<ConvolutionShape> shapes = ConvolutionLayers.Of(unet, [2, Networks.Channels, 8, 16]);

        // Depth 2, width 4: the stem reads the inputs at full size; the strided down-convolutions halve it; the 2×2
        // stride-2 transposed convolutions double it back.
        Assert.Contains(shapes, s => !s.Transposed && s.InChannels == Networks.Channels && s.Height == 8 + 2 && s.Width == 16 + 2);
        Assert.Contains(shapes, s => !s.Transposed && s.Stride == 2);
        Assert.Contains(shapes, s => s.Transposed && s.Kernel == 2 && s.Stride == 2 && s.OutputHeight == 8 && s.OutputWidth == 16);
        Assert.All(shapes, s => Assert.Equal(2, s.Batch));
        Assert.Equal(training, unet.training);
    }

    [Fact]
    public void TransferModelCreate_VerifiesItsLayerShapes()
    {
        int before = TorchRuntime.Kernels.ShapesVerified;
        ModelSpec spec = SmallModels.Spec(Architecture.ResNet, width: 7);

        using TransferModel model = TransferModel.Create(spec, seed: 1);

        Assert.True(TorchRuntime.Kernels.ShapesVerified > before, "a width-7 ResNet brings layer shapes no other test uses");
    }
}
