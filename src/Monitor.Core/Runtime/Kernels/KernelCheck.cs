using static TorchSharp.torch;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// Checks libtorch's float32 convolution kernels against a float64 reference. libtorch sends float64 convolutions to
/// its own (ATen) kernels, never to oneDNN, so the reference is independent of the kernels under test. Each shape is
/// computed once in float64 and <see cref="Repetitions"/> times in float32 (the fault seen on AVX-512 hosts was
/// intermittent: NaN, a wrong value or the right one from call to call).
/// </summary>
public static class KernelCheck
{
    /// <summary>
    /// Largest accepted max |float32 − float64| / max |float64|. Right kernels stayed at or below 1.3e-5 on every shape
    /// and path measured (weight gradients of W2 layers sum 10⁵ products, and float32 rounding grows with √n); the wrong
    /// kernels seen were off by 1.8e-1, 4.7e-1 or NaN (docs/platform.md).
    /// </summary>
    public const double Tolerance = 1e-3;

    /// <summary>float32 computations per shape and operation.</summary>
    public const int Repetitions = 3;

    /// <summary>
    /// Shapes every process checks at start-up: the case that exposed the fault (6→4, 3×3, padding 1 on
    /// [2, 6, 32, 64]), stride 1 and 2, ragged sizes, channel counts that are not multiples of 8 or 16, the U-Net's
    /// 2×2 stride-2 transposed convolutions and a 1×1 head.
    /// </summary>
    public static IReadOnlyList<ConvolutionShape> StartupShapes { get; } =
    [
        new(false, 2, 6, 4, 32, 64, 3, 1, Padding: 1),
        new(false, 2, 5, 10, 33, 65, 3, 2),
        new(false, 1, 13, 24, 22, 38, 3, 1),
        new(false, 2, 24, 40, 21, 37, 3, 2),
        new(false, 1, 32, 32, 42, 90, 3, 1),
        new(true, 2, 12, 6, 16, 32, 2, 2),
        new(true, 1, 40, 20, 10, 18, 2, 2),
        new(false, 2, 16, 1, 32, 64, 1, 1),
    ];

    /// <summary>Checks every operation of every shape on the kernels libtorch runs now, labelled <paramref name="path"/>.</summary>
    public static KernelCheckResult Run(IEnumerable<ConvolutionShape> shapes, KernelPath path, long seed = 42)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var deviations = new List<KernelDeviation>();
        foreach (ConvolutionShape shape in shapes)
        {
            deviations.AddRange(Check(shape, path, seed));
        }

        return new KernelCheckResult(path, deviations, Tolerance);
    }

    private static IEnumerable<KernelDeviation> Check(ConvolutionShape shape, KernelPath path, long seed)
    {
        using IDisposable scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        long[] outputShape = [shape.Batch, shape.OutChannels, shape.OutputHeight, shape.OutputWidth];
        Tensor x = randn([shape.Batch, shape.InChannels, shape.Height, shape.Width], float64, generator: generator);
        Tensor w = randn(shape.WeightShape, float64, generator: generator);
        Tensor g = randn(outputShape, float64, generator: generator);

        (Tensor y64, Tensor gx64, Tensor gw64) = ForwardAndGradients(shape, x, w, g);
        var worst = new Dictionary<ConvolutionOperation, double>();
        Tensor x32 = x.to(float32), w32 = w.to(float32), g32 = g.to(float32);
        for (int repetition = 0; repetition < Repetitions; repetition++)
        {
            using IDisposable inner = NewDisposeScope();
            (Tensor y, Tensor gx, Tensor gw) = ForwardAndGradients(shape, x32, w32, g32);
            Note(worst, ConvolutionOperation.Forward, y, y64);
            Note(worst, ConvolutionOperation.InputGradient, KernelFaultInjection.Apply(gx, path), gx64);
            Note(worst, ConvolutionOperation.WeightGradient, gw, gw64);
            Tensor adjoint = Adjoint(shape, g32, w32, groups: 1);
            Note(worst, ConvolutionOperation.Adjoint, KernelFaultInjection.Apply(adjoint, path), gx64);
            if (shape.Groups == 1)
            {
                Tensor both = Adjoint(shape, cat([g32, g32], 1), cat([w32, w32], 0), groups: 2);
                Tensor first = both.narrow(1, 0, shape.InChannels), second = both.narrow(1, shape.InChannels, shape.InChannels);
                Tensor stacked = stack([first, second]);
                Note(worst, ConvolutionOperation.GroupedAdjoint, KernelFaultInjection.Apply(stacked, path), stack([gx64, gx64]));
            }
        }

        return worst.Select(pair => new KernelDeviation(shape, pair.Key, pair.Value));
    }

    /// <summary>The layer's output and autograd's gradients of ⟨layer(x), g⟩ with respect to x and w.</summary>
    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) ForwardAndGradients(ConvolutionShape shape, Tensor x, Tensor w, Tensor g)
    {
        Tensor xr = x.detach().requires_grad_(true), wr = w.detach().requires_grad_(true);
        Tensor y = Layer(shape, xr, wr);
        IList<Tensor> gradients = autograd.grad([y], [xr, wr], [g]);
        return (y.detach(), gradients[0], gradients[1]);
    }

    private static Tensor Layer(ConvolutionShape shape, Tensor x, Tensor w) => shape.Transposed
        ? nn.functional.conv_transpose2d(x, w, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding], groups: shape.Groups)
        : nn.functional.conv2d(x, w, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding], groups: shape.Groups);

    /// <summary>
    /// Wᵀ·g as one explicit call, the way <c>LinearLayer.Transpose</c> computes a rule's adjoint: a transposed
    /// convolution (output padding restoring the input's size) for a convolution, a convolution for a transposed one.
    /// </summary>
    private static Tensor Adjoint(ConvolutionShape shape, Tensor g, Tensor w, long groups)
    {
        if (shape.Transposed)
        {
            return nn.functional.conv2d(g, w, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding], groups: groups);
        }

        long rows = shape.Height + (2 * shape.Padding) - (((shape.OutputHeight - 1) * shape.Stride) + shape.Kernel);
        long columns = shape.Width + (2 * shape.Padding) - (((shape.OutputWidth - 1) * shape.Stride) + shape.Kernel);
        return nn.functional.conv_transpose2d(g, w, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding],
            output_padding: [rows, columns], groups: groups);
    }

    private static void Note(Dictionary<ConvolutionOperation, double> worst, ConvolutionOperation operation, Tensor result, Tensor reference)
    {
        double error = RelativeError(result, reference);
        if (!worst.TryGetValue(operation, out double previous) || !(error <= previous))
        {
            worst[operation] = double.IsNaN(error) ? double.PositiveInfinity : error;
        }
    }

    /// <summary>max |result − reference| / max |reference| in float64, +∞ when the result is not finite.</summary>
    internal static double RelativeError(Tensor result, Tensor reference)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor r = result.to(float64), e = reference.to(float64);
        if (!r.isfinite().all().item<bool>())
        {
            return double.PositiveInfinity;
        }

        double scale = e.abs().max().item<double>();
        double difference = (r - e).abs().max().item<double>();
        return difference / Math.Max(scale, double.Epsilon);
    }
}
