using System.Globalization;

namespace Monitor.Core.Runtime.Kernels;

/// <summary>
/// One convolution layer at one input size, as a kernel check exercises it: input <c>[Batch, InChannels, Height, Width]</c>,
/// a square <see cref="Kernel"/>, equal stride and padding along both axes.
/// </summary>
/// <param name="Transposed">True for a transposed convolution (weight <c>[in, out/groups, k, k]</c>), false for a convolution (<c>[out, in/groups, k, k]</c>).</param>
/// <param name="Batch">Samples per call.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Height">Input rows.</param>
/// <param name="Width">Input columns.</param>
/// <param name="Kernel">Kernel side (cells).</param>
/// <param name="Stride">Stride along both axes.</param>
/// <param name="Padding">Zero padding along both axes (our networks pad explicitly, so 0 for their layers).</param>
/// <param name="Groups">Channel groups.</param>
public sealed record ConvolutionShape(
    bool Transposed, long Batch, long InChannels, long OutChannels, long Height, long Width, long Kernel, long Stride,
    long Padding = 0, long Groups = 1)
{
    /// <summary>Output rows of the layer.</summary>
    public long OutputHeight => Transposed ? ((Height - 1) * Stride) - (2 * Padding) + Kernel : ((Height + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Output columns of the layer.</summary>
    public long OutputWidth => Transposed ? ((Width - 1) * Stride) - (2 * Padding) + Kernel : ((Width + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>The weight's shape in PyTorch's layout.</summary>
    public long[] WeightShape => Transposed
        ? [InChannels, OutChannels / Groups, Kernel, Kernel]
        : [OutChannels, InChannels / Groups, Kernel, Kernel];

    /// <summary>E.g. <c>convolution 6→4 3×3 stride 1 padding 1 on [2, 6, 32, 64]</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Transposed ? "transposed convolution" : "convolution")} {InChannels}→{OutChannels} {Kernel}×{Kernel} stride {Stride}" +
        $"{(Padding > 0 ? $" padding {Padding}" : "")}{(Groups > 1 ? $" groups {Groups}" : "")} on [{Batch}, {InChannels}, {Height}, {Width}]");
}
