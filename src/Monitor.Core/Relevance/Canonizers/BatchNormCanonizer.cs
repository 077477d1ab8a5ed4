using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Canonizers;

/// <summary>
/// Canonizer that merges an eval-mode batch normalisation into the (transposed) convolution before it, so that LRP
/// rules see one linear layer z = W'·a + b' instead of a linear layer followed by an affine map they cannot explain
/// (<c>../shared/docs/science.md</c> §2 "Canonizers"; Montavon et al., "Layer-Wise Relevance Propagation: An
/// Overview", Explainable AI, LNCS 11700, Springer 2019, on implementing LRP for networks with batch normalisation;
/// the vocabulary follows Zennit, Anders et al., arXiv:2106.13200, reimplemented from the formula, not ported).
/// <para>
/// In eval mode BatchNorm is the per-channel affine map BN(z)_c = γ_c (z_c − μ_c)/√(σ²_c + ε) + β_c with the running
/// mean μ and variance σ². Composed with z_c = Σ_j w_cj a_j + b_c it is again linear:
/// </para>
/// <para>
/// W'_c = W_c · s_c, b'_c = (b_c − μ_c) · s_c + β_c, with s_c = γ_c / √(σ²_c + ε) and b_c = 0 without a bias,
/// </para>
/// <para>
/// where c is the OUTPUT channel: dimension 0 of a Conv2d or Linear weight <c>[out, in, …]</c>, dimension 1 of a
/// ConvTranspose2d weight <c>[in, out, kH, kW]</c>. The outputs are unchanged (up to rounding). A training-mode
/// BatchNorm normalises with the batch's own statistics, which no fixed W', b' reproduce, so it is refused.
/// </para>
/// <para>
/// The folded layer holds NEW tensors (computed in float64, returned in the weight's dtype, without gradient
/// tracking) that belong to the caller's dispose scope; the module's parameters and buffers are only read.
/// </para>
/// </summary>
public static class BatchNormCanonizer
{
    /// <summary>ε of √(σ² + ε) when none is given: PyTorch's default (our networks' BatchNorm uses it too).</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>
    /// Folds an eval-mode batch normalisation, given by its tensors, into <paramref name="layer"/>:
    /// W' = W · γ/√(σ² + ε) per output channel, b' = (b − μ) · γ/√(σ² + ε) + β. The caller vouches that the statistics
    /// are the running ones of an eval-mode normalisation.
    /// </summary>
    /// <param name="layer">The linear layer before the normalisation (only read).</param>
    /// <param name="gamma">γ (BatchNorm <c>weight</c>), one per output channel.</param>
    /// <param name="beta">β (BatchNorm <c>bias</c>), one per output channel.</param>
    /// <param name="runningMean">μ (<c>running_mean</c>), one per output channel.</param>
    /// <param name="runningVariance">σ² (<c>running_var</c>), one per output channel.</param>
    /// <param name="epsilon">ε of √(σ² + ε), &gt; 0 (PyTorch's default 1e-5).</param>
    /// <returns>A new layer with the same kind and stride, fresh weight and bias, in the caller's dispose scope.</returns>
    public static LinearLayer Fold(
        LinearLayer layer,
        Tensor gamma,
        Tensor beta,
        Tensor runningMean,
        Tensor runningVariance,
        double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVariance);
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm's ε must be positive.");
        }

        int outputDimension = layer.Kind == LinearLayerKind.ConvTranspose2d ? 1 : 0;
        long channels = layer.Weight.shape[outputDimension];
        RequireChannels(gamma, channels, nameof(gamma));
        RequireChannels(beta, channels, nameof(beta));
        RequireChannels(runningMean, channels, nameof(runningMean));
        RequireChannels(runningVariance, channels, nameof(runningVariance));
        if (layer.Bias is not null)
        {
            RequireChannels(layer.Bias, channels, "layer.Bias");
        }

        using IDisposable scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        Device device = layer.Weight.device;
        Tensor weight = Float64(layer.Weight, device);

        // s_c = γ_c / √(σ²_c + ε)
        Tensor eps = tensor(epsilon, float64, device);
        Tensor scale = Float64(gamma, device).mul(Float64(runningVariance, device).add(eps, KeptScalars.One).rsqrt());

        // W' = W · s per output channel
        long[] shape = Enumerable.Repeat(1L, (int)weight.dim()).ToArray();
        shape[outputDimension] = channels;
        Tensor foldedWeight = weight.mul(scale.reshape(shape)).to(layer.Weight.dtype);

        // b' = (b − μ) · s + β, b = 0 without a bias
        Tensor bias = layer.Bias is null ? zeros(channels, float64, device) : Float64(layer.Bias, device);
        Tensor centred = bias.add(Float64(runningMean, device).neg(), KeptScalars.One);
        Tensor foldedBias = centred.mul(scale).add(Float64(beta, device), KeptScalars.One).to(layer.Weight.dtype);

        return new LinearLayer(
            layer.Kind,
            foldedWeight.MoveToOuterDisposeScope(),
            foldedBias.MoveToOuterDisposeScope(),
            layer.Stride);
    }

    private static void RequireChannels(Tensor t, long channels, string name)
    {
        if (t.dim() != 1 || t.shape[0] != channels)
        {
            throw new ArgumentException(
                $"BatchNorm folding needs one value per output channel ({channels}); {name} has shape [{string.Join(", ", t.shape)}].",
                name);
        }
    }

    /// <summary>A float64 copy-or-view of <paramref name="t"/> on <paramref name="device"/>, detached (only read).</summary>
    private static Tensor Float64(Tensor t, Device device) => t.detach().to(float64, device);
}
