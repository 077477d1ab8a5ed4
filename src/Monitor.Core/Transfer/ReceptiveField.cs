using Monitor.Core.Transfer.Modules;

namespace Monitor.Core.Transfer;

/// <summary>
/// Which input cells a run of output cells depends on, along one axis (the kernels are square, so rows and columns
/// alike), from the index maps of the architectures' layers: a stride-1 3×3 convolution after one cell of padding maps
/// output t to inputs t − 1 … t + 1; the U-Net's stride-2 convolution of kernel k (3 or 4, one cell of padding) to
/// 2t − 1 … 2t + k − 2; its 2×2 stride-2 transposed convolution fine cell f to coarse cell ⌊f/2⌋; a 1×1 head to t.
/// Indices are in grid coordinates and may fall outside the grid: those are padding, produced at the grid's edge from
/// cells inside the interval (reflect and replicate read the edge row and its neighbours, which the interval then
/// holds; circular padding reads the far end, see <see cref="Relevance.Baselines.AttributionWindow"/>). Exact for the
/// index maps, hence an upper bound on the true dependence (weights can only remove cells).
/// </summary>
public static class ReceptiveField
{
    /// <summary>
    /// The inputs along one axis that outputs <paramref name="first"/> … <paramref name="last"/> depend on
    /// (inclusive). For a U-Net the grid's sides must be multiples of <see cref="Alignment"/> (no margins added).
    /// </summary>
    public static (long First, long Last) Inputs(ModelSpec spec, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        return spec.Architecture switch
        {
            Architecture.Linear => (first, last),
            // Stem ConvBlock (±1), then per residual block a ConvBlock and a padded 3×3 convolution (±2); 1×1 head.
            Architecture.ResNet => (first - (1 + (2L * spec.Blocks)), last + 1 + (2L * spec.Blocks)),
            Architecture.UNet => UNetInputs(spec.Depth, UNet.DownsamplingKernel(spec.ArchitectureVersion), first, last),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, "Unknown architecture."),
        };
    }

    /// <summary>
    /// The offsets a window must start at so that a network sees the same coarse grids in the window as in the
    /// whole grid: 2^depth for a U-Net (its stride-2 levels), 1 otherwise.
    /// </summary>
    public static long Alignment(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Architecture == Architecture.UNet ? 1L << spec.Depth : 1;
    }

    /// <summary>The fewest cells a window may have along an axis padded with <paramref name="mode"/>.</summary>
    public static long MinimumLength(ModelSpec spec, PaddingMode mode)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Architecture switch
        {
            Architecture.UNet => UNet.MinimumSide(spec.Depth, mode),
            Architecture.ResNet => GeoPad.MinimumLength(mode, 1),
            _ => 1,
        };
    }

    /// <summary>
    /// Decoder first: u_ℓ = two 3×3 ConvBlocks over [upsampled u_ℓ₊₁, skip d_ℓ], u_depth = d_depth; then the encoder:
    /// d_ℓ₊₁ = 3×3 ConvBlock over the stride-2 ConvBlock over d_ℓ, d_0 = two 3×3 ConvBlocks over the input. Each
    /// encoder value collects what the decoder's skip and the deeper encoder step need of it.
    /// </summary>
    private static (long First, long Last) UNetInputs(int depth, long kernel, long first, long last)
    {
        var encoder = new (long First, long Last)?[depth + 1];
        (long a, long b) = (first, last);
        for (int level = 0; level < depth; level++)
        {
            (long p, long q) = (a - 2, b + 2);
            encoder[level] = Union(encoder[level], (p, q));
            (a, b) = (FloorHalf(p), FloorHalf(q));
        }

        encoder[depth] = Union(encoder[depth], (a, b));
        for (int level = depth; level > 0; level--)
        {
            (long p, long q) = encoder[level]!.Value;
            (p, q) = (p - 1, q + 1);
            encoder[level - 1] = Union(encoder[level - 1], ((2 * p) - 1, (2 * q) + kernel - 2));
        }

        (long s, long t) = encoder[0]!.Value;
        return (s - 2, t + 2);
    }

    private static (long First, long Last) Union((long First, long Last)? current, (long First, long Last) added) =>
        current is { } c ? (Math.Min(c.First, added.First), Math.Max(c.Last, added.Last)) : added;

    private static long FloorHalf(long value) => value >= 0 ? value / 2 : -((-value + 1) / 2);
}
