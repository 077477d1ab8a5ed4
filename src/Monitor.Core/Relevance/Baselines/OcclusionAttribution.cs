using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// Occlusion (Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014): for each input
/// channel and each patch of <see cref="PatchHeight"/> × <see cref="PatchWidth"/> cells (start every
/// <see cref="StrideHeight"/>, <see cref="StrideWidth"/> cells; clipped at the edges), the patch of that channel is
/// replaced by the baseline and the drop F(x) − F(x with the patch occluded) of F = Σ s ⊙ f is spread uniformly over
/// the patch's cells; where patches overlap (stride &lt; patch) a cell gets the mean of its patches' shares. With
/// non-overlapping patches the attributions of a patch sum to its drop. Needs no gradient; costs one forward pass per
/// channel and patch, evaluated <see cref="PatchesPerBatch"/> at a time.
/// </summary>
public sealed class OcclusionAttribution : BaselineAttributionMethod
{
    /// <summary>Default patch side and stride in cells (non-overlapping 3 × 3 patches).</summary>
    public const int DefaultPatch = 3;

    /// <summary>Default number of occluded copies of the batch per forward pass.</summary>
    public const int DefaultPatchesPerBatch = 16;

    /// <summary>Creates the method.</summary>
    /// <param name="patchHeight">Patch height in cells (≥ 1).</param>
    /// <param name="patchWidth">Patch width in cells (≥ 1).</param>
    /// <param name="strideHeight">Vertical step between patches, 1 … <paramref name="patchHeight"/> (default: the patch height).</param>
    /// <param name="strideWidth">Horizontal step between patches, 1 … <paramref name="patchWidth"/> (default: the patch width).</param>
    /// <param name="baselineValue">Value that replaces occluded cells (standardised units); 0 is the training mean.</param>
    /// <param name="patchesPerBatch">Occluded copies of the batch per forward pass.</param>
    public OcclusionAttribution(
        int patchHeight = DefaultPatch,
        int patchWidth = DefaultPatch,
        int? strideHeight = null,
        int? strideWidth = null,
        double baselineValue = 0,
        int patchesPerBatch = DefaultPatchesPerBatch)
        : base("occlusion", baselineValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patchHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(patchWidth, 1);
        int sh = strideHeight ?? patchHeight;
        int sw = strideWidth ?? patchWidth;
        ArgumentOutOfRangeException.ThrowIfLessThan(sh, 1, nameof(strideHeight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sh, patchHeight, nameof(strideHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(sw, 1, nameof(strideWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sw, patchWidth, nameof(strideWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(patchesPerBatch, 1);
        PatchHeight = patchHeight;
        PatchWidth = patchWidth;
        StrideHeight = sh;
        StrideWidth = sw;
        PatchesPerBatch = patchesPerBatch;
    }

    /// <summary>Patch height in cells.</summary>
    public int PatchHeight { get; }

    /// <summary>Patch width in cells.</summary>
    public int PatchWidth { get; }

    /// <summary>Vertical step between patches (≤ the patch height, so every cell is covered).</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal step between patches (≤ the patch width).</summary>
    public int StrideWidth { get; }

    /// <summary>Occluded copies of the batch per forward pass.</summary>
    public int PatchesPerBatch { get; }

    private protected override Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector, Tensor baseline)
    {
        using IDisposable noGrad = no_grad();
        long batch = input.shape[0];
        int channels = (int)input.shape[1];
        int height = (int)input.shape[2];
        int width = (int)input.shape[3];
        long cells = (long)channels * height * width;
        Tensor reference = Selected(model(input), selector);

        var patches = new List<(int Channel, int Top, int Bottom, int Left, int Right)>();
        for (int c = 0; c < channels; c++)
        {
            for (int top = 0; top < height; top += StrideHeight)
            {
                for (int left = 0; left < width; left += StrideWidth)
                {
                    patches.Add((c, top, Math.Min(top + PatchHeight, height), left, Math.Min(left + PatchWidth, width)));
                }
            }
        }

        Tensor shares = zeros([batch, cells], input.dtype, input.device);
        Tensor coverage = zeros([cells], input.dtype, input.device);
        for (int first = 0; first < patches.Count; first += PatchesPerBatch)
        {
            using IDisposable step = NewDisposeScope();
            int count = Math.Min(PatchesPerBatch, patches.Count - first);
            bool[] masks = new bool[count * cells];
            double[] spread = new double[count * cells];
            for (int p = 0; p < count; p++)
            {
                (int c, int top, int bottom, int left, int right) = patches[first + p];
                double share = 1.0 / ((bottom - top) * (right - left));
                for (int i = top; i < bottom; i++)
                {
                    for (int j = left; j < right; j++)
                    {
                        long index = (p * cells) + (((long)c * height) + i) * width + j;
                        masks[index] = true;
                        spread[index] = share;
                    }
                }
            }

            Tensor mask = tensor(masks, device: input.device).view(count, 1, channels, height, width);
            Tensor occluded = where(mask, baseline.unsqueeze(0), input.unsqueeze(0))
                .reshape(count * batch, channels, height, width);
            Tensor selectors = selector.unsqueeze(0).expand([count, .. selector.shape])
                .reshape([count * selector.shape[0], .. selector.shape[1..]]);
            Tensor drops = reference.unsqueeze(0).add(Selected(model(occluded), selectors).view(count, batch).neg(), KeptScalars.One);
            Tensor weights = tensor(spread, input.dtype, input.device).view(count, cells);
            Tensor nextShares = shares.add(drops.to(input.dtype).t().matmul(weights), KeptScalars.One).MoveToOuterDisposeScope();
            Tensor nextCoverage = coverage.add(mask.view(count, cells).to(input.dtype).sum(0L), KeptScalars.One).MoveToOuterDisposeScope();
            shares.Dispose();
            coverage.Dispose();
            shares = nextShares;
            coverage = nextCoverage;
        }

        return shares.div(coverage).view(input.shape);
    }
}
