using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// z⁺ (Montavon et al., "Explaining nonlinear classification decisions with deep Taylor decomposition", Pattern
/// Recognition 65, 2017): R_j = Σ_k a_j w_jk⁺ / Σ_{0,j} a_j w_jk⁺ · R_k for a ≥ 0, with the bias's positive
/// part b⁺. For inputs of any sign it takes the positive contributions (a_j w_jk)⁺, i.e. LRP-α1β0 of Bach et al. 2015
/// with non-negative bias; relevance stays non-negative where the upper relevance is.
/// </summary>
public sealed class ZPlusRule : LrpRule
{
    /// <summary>Creates the rule with a numerical <paramref name="stabiliser"/> ≥ 0.</summary>
    public ZPlusRule(double stabiliser = DefaultStabiliser)
        : base("zplus")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        Stabiliser = stabiliser;
    }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => AlphaBetaRule.Shares(layer, input, weight, bias, relevanceOut, 1, 0, Stabiliser);
}
