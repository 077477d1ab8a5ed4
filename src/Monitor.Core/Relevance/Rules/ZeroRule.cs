using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// LRP-0 (Bach et al., PLoS ONE 10(7):e0130140, 2015; Montavon et al. 2019):
/// R_j = Σ_k a_j w_jk / (Σ_{0,j} a_j w_jk) · R_k, the bias taking the share of a_0 = 1, w_0k = b_k. Unstabilised:
/// equals gradient × input on a bias-free layer. For upper layers.
/// </summary>
public sealed class ZeroRule : LrpRule
{
    /// <summary>Creates the rule.</summary>
    public ZeroRule()
        : base("lrp-0")
    {
    }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => Share(layer, [new RelevanceTerm(input, weight, bias)], relevanceOut, OutputOf(layer, input, weight, bias, output), 0);
}
