using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// LRP-γ (Montavon et al. 2019): R_j = Σ_k a_j (w_jk + γ w_jk⁺) / (Σ_{0,j} a_j (w_jk + γ w_jk⁺)) · R_k, the bias
/// likewise b + γ b⁺. Favours positive contributions; for lower layers (γ ≈ 0.25 in the overview's recipe).
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

    /// <summary>γ, the weight given to positive parameters.</summary>
    public double Gamma { get; }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut)
    {
        Tensor gamma = Constant(Gamma, weight);
        Tensor modifiedWeight = weight.add(Positive(weight).mul(gamma), KeptScalars.One);
        Tensor? modifiedBias = bias?.add(Positive(bias).mul(gamma), KeptScalars.One);
        return Share(layer, [new RelevanceTerm(input, modifiedWeight, modifiedBias)], relevanceOut, Stabiliser);
    }
}
