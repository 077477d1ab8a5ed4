using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// A linear layer as LRP sees it: z = W·a + b, applied by <see cref="Apply"/> with any (modified) parameters. Padding is
/// always 0 because our networks pad explicitly (<c>GeoPad</c>) before each convolution. The layer borrows its tensors;
/// the caller owns and disposes them.
/// </summary>
public sealed class LinearLayer
{
    /// <summary>The most input values for which libtorch 2.10 runs a batch-1 3×3 (transposed) convolution natively.</summary>
    private const long NativeKernelLimit = 20_480;

    /// <summary>From about this many input values a pair of native adjoints is slower than one grouped oneDNN call.</summary>
    private const long GroupedFrom = 4_096;

    /// <summary>Describes a layer.</summary>
    /// <param name="kind">Which linear map.</param>
    /// <param name="weight">Weight in PyTorch's layout for <paramref name="kind"/>.</param>
    /// <param name="bias">Bias per output channel, or null.</param>
    /// <param name="stride">Stride of a (transposed) convolution along both axes; 1 for dense layers.</param>
    public LinearLayer(LinearLayerKind kind, Tensor weight, Tensor? bias, long stride = 1)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1, nameof(stride));
        Kind = kind;
        Weight = weight;
        Bias = bias;
        Stride = stride;
    }

    /// <summary>Which linear map.</summary>
    public LinearLayerKind Kind { get; }

    /// <summary>Weight in PyTorch's layout for <see cref="Kind"/>.</summary>
    public Tensor Weight { get; }

    /// <summary>Bias per output channel, or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride along both spatial axes.</summary>
    public long Stride { get; }

    /// <summary>Applies the layer's map to <paramref name="input"/> with the given parameters (e.g. ρ(W), ρ(b)).</summary>
    public Tensor Apply(Tensor input, Tensor weight, Tensor? bias) => Kind switch
    {
        LinearLayerKind.Linear => nn.functional.linear(input, weight, bias),
        LinearLayerKind.Conv2d => nn.functional.conv2d(input, weight, bias, strides: [Stride, Stride]),
        LinearLayerKind.ConvTranspose2d => nn.functional.conv_transpose2d(input, weight, bias, strides: [Stride, Stride]),
        LinearLayerKind.PerCell => ApplyPerCell(input, weight, bias),
        _ => throw new InvalidOperationException($"Unknown linear layer kind {Kind}."),
    };

    /// <summary>
    /// The adjoint (vector-Jacobian product) of the layer's linear map with weight <paramref name="weight"/>: for
    /// z = W·a it returns Wᵀ·s, shaped like an input <c>inputShape</c> with the batch of <paramref name="gradient"/> —
    /// a transposed convolution for a convolution (output padding chosen to restore the input's size), a convolution
    /// for a transposed convolution, sᵀW for a dense layer, s·w per cell for the per-cell map. This is the gradient
    /// step c = ∂(Σ z·s)/∂a of LRP without building an autograd graph.
    /// </summary>
    public Tensor Transpose(Tensor gradient, Tensor weight, ReadOnlySpan<long> inputShape) => Transpose(gradient, weight, inputShape, groups: 1);

    /// <summary>
    /// Two adjoints at once, Wₐᵀ·a and W_bᵀ·b (as <see cref="Transpose(Tensor, Tensor, ReadOnlySpan{long})"/>): one
    /// grouped call (two groups, which libtorch sends to oneDNN) where <see cref="PairsInOneCall"/>, else two calls.
    /// </summary>
    public (Tensor First, Tensor Second) Transpose(
        (Tensor Gradient, Tensor Weight) first, (Tensor Gradient, Tensor Weight) second, ReadOnlySpan<long> inputShape)
    {
        if (!PairsInOneCall(first.Gradient, first.Weight))
        {
            return (Transpose(first.Gradient, first.Weight, inputShape), Transpose(second.Gradient, second.Weight, inputShape));
        }

        using Tensor gradients = cat([first.Gradient, second.Gradient], 1);
        using Tensor weights = cat([first.Weight, second.Weight], 0);
        using Tensor both = Transpose(gradients, weights, inputShape, groups: 2);
        long channels = both.shape[1] / 2;
        using Tensor firstPart = both.narrow(1, 0, channels), secondPart = both.narrow(1, channels, channels);
        return (firstPart.contiguous(), secondPart.contiguous());
    }

    /// <summary>
    /// Whether a pair of adjoints of <paramref name="gradient"/> runs as one grouped call: where libtorch 2.10 would
    /// run each single call with its native kernel (float32, batch 1, kernel at most 3×3, at most
    /// <see cref="NativeKernelLimit"/> values) and that kernel is the slow one. The conv-adjoint benchmark
    /// (docs/benchmarks.md) measured the grouped call 1.3–3.1× faster on W1's half- and quarter-resolution layers
    /// (16,384 and 8,192 values), two calls faster on a 9×9 window (1,296 values) and on a whole W2 layer, and the two
    /// about even on a whole W1 full-resolution layer (32,768 values, oneDNN already); <see cref="GroupedFrom"/> lies
    /// between the measured sizes.
    /// </summary>
    internal bool PairsInOneCall(Tensor gradient, Tensor weight)
    {
        long values = gradient.numel();
        return Kind is LinearLayerKind.Conv2d or LinearLayerKind.ConvTranspose2d
            && gradient.dtype == ScalarType.Float32 && gradient.shape[0] == 1
            && weight.shape[^1] <= 3 && weight.shape[^2] <= 3
            && values >= GroupedFrom && values <= NativeKernelLimit;
    }

    /// <summary>The adjoint as one (grouped) call; <paramref name="weight"/> stacks the groups' weights along dimension 0.</summary>
    internal Tensor Transpose(Tensor gradient, Tensor weight, ReadOnlySpan<long> inputShape, long groups)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(weight);
        switch (Kind)
        {
            case LinearLayerKind.Linear:
                return gradient.matmul(weight);
            case LinearLayerKind.Conv2d:
            {
                // The transposed convolution, with output padding for input rows and columns a strided convolution
                // skipped. (libtorch 2.10 runs it within about 25 % of the equivalent "full" convolution with the
                // flipped kernel on whole layers, either way, and about 15 % faster on a small window:
                // docs/benchmarks.md, conv-adjoint.)
                long rows = inputShape[^2] - (((gradient.shape[^2] - 1) * Stride) + weight.shape[^2]);
                long columns = inputShape[^1] - (((gradient.shape[^1] - 1) * Stride) + weight.shape[^1]);
                return SimulatedFault(nn.functional.conv_transpose2d(gradient, weight, strides: [Stride, Stride], output_padding: [rows, columns], groups: groups));
            }

            case LinearLayerKind.ConvTranspose2d:
                return SimulatedFault(nn.functional.conv2d(gradient, weight, strides: [Stride, Stride], groups: groups));
            case LinearLayerKind.PerCell:
                return gradient.mul(weight);
            default:
                throw new InvalidOperationException($"Unknown linear layer kind {Kind}.");
        }
    }

    /// <summary>The adjoint as a wrong kernel would return it, where a <see cref="KernelFault"/> is simulated on the path in use.</summary>
    private static Tensor SimulatedFault(Tensor adjoint)
    {
        if (KernelFaultInjection.Current == KernelFault.None)
        {
            return adjoint;
        }

        Tensor result = KernelFaultInjection.Apply(adjoint, TorchRuntime.Kernels.Path);
        if (!ReferenceEquals(result, adjoint))
        {
            adjoint.Dispose();
        }

        return result;
    }

    /// <summary>z = Σ_c w_c x_c + b at every cell, <c>[B, 1, H, W]</c>.</summary>
    private static Tensor ApplyPerCell(Tensor input, Tensor weight, Tensor? bias)
    {
        using Tensor weighted = input.mul(weight);
        Tensor summed = weighted.sum([1L], keepdim: true);
        if (bias is null)
        {
            return summed;
        }

        using (summed)
        {
            return summed.add(bias, KeptScalars.One);
        }
    }
}
