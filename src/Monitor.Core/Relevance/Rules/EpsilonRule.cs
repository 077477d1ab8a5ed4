using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// LRP-ε (Bach et al. 2015; Montavon et al. 2019):
/// R_j = Σ_k a_j w_jk / (ε·sign(z_k) + Σ_{0,j} a_j w_jk) · R_k with sign(0) = +1. The stabiliser absorbs weak or
/// contradictory contributions; ε → 0 gives LRP-0. For middle layers.
/// </summary>
public sealed class EpsilonRule : LrpRule
{
    /// <summary>Default ε (tiny: numerical stabilisation only).</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>Creates the rule with stabiliser <paramref name="epsilon"/> ≥ 0.</summary>
    public EpsilonRule(double epsilon = DefaultEpsilon)
        : base("epsilon")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        Epsilon = epsilon;
    }

    /// <summary>The stabiliser ε, in the units of the layer's output.</summary>
    public double Epsilon { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => Share(layer, [new RelevanceTerm(input, weight, bias)], relevanceOut, OutputOf(layer, input, weight, bias, output), Epsilon);
}
