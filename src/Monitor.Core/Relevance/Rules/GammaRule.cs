using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// LRP-γ (Montavon et al. 2019) in its sign-aware form, which also holds for inputs and outputs of either sign (our
/// networks feed standardised inputs and LeakyReLU activations, both signed): for an output with z_k ≥ 0,
/// R_j = Σ_k (a_j w_jk + γ (a_j w_jk)⁺) / (Σ_{0,j} a_j w_jk + γ (a_j w_jk)⁺) · R_k with bias b + γ b⁺; for z_k &lt; 0 the
/// negative parts (·)⁻ take the place of (·)⁺. The denominator then has the sign of z_k and |denominator| ≥ |z_k|, so
/// it never passes through 0. For a ≥ 0 and z ≥ 0 this is the overview's rule a_j (w_jk + γ w_jk⁺) exactly. (Zennit's
/// "generalised γ", Anders et al., arXiv:2106.13200, makes the same extension.) Favours contributions that agree in sign
/// with the output; for lower layers (γ ≈ 0.25 in the overview's recipe).
/// </summary>
public sealed class GammaRule : LrpRule
{
    /// <summary>Default γ (the overview's recipe for lower layers).</summary>
    public const double DefaultGamma = 0.25;

    /// <summary>Creates the rule with <paramref name="gamma"/> ≥ 0 and a numerical <paramref name="stabiliser"/> ≥ 0.</summary>
    public GammaRule(double gamma = DefaultGamma, double stabiliser = DefaultStabiliser)
        : base("gamma")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        Gamma = gamma;
        Stabiliser = stabiliser;
    }

    /// <summary>γ, the weight given to contributions agreeing in sign with the output.</summary>
    public double Gamma { get; }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    /// <remarks>
    /// With (aw)^± = (aw ± |a||w|)/2 and M = Σ_j |a_j||w_jk| (one convolution of |a| with |W|), the denominator is
    /// z + γ((z − b) + σM)/2 + γb^σ with σ = sign(z) (+1 at 0), and the whole rule collapses to two adjoint passes:
    /// R = (1 + γ/2)·a ⊙ Wᵀs + (γ/2)·|a| ⊙ |W|ᵀ(σ ⊙ s), s = R_out / denominator. Tested against the literal
    /// matrix form.
    /// </remarks>
    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
    {
        Tensor z = OutputOf(layer, input, weight, bias, output);
        Tensor absoluteWeight = weight.abs();
        Tensor magnitude = layer.Apply(input.abs(), absoluteWeight, null);
        (Tensor share, Tensor signedShare) = FusedKernels.GammaShare(layer.Kind, relevanceOut, z, magnitude, bias, Gamma, Stabiliser);
        (Tensor direct, Tensor amplified) = layer.Transpose((share, weight), (signedShare, absoluteWeight), input.shape);
        return FusedKernels.GammaCombine(input, direct, amplified, Gamma);
    }
}
