using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// w² (Montavon et al., Pattern Recognition 65, 2017; Montavon et al. 2019):
/// R_j = Σ_k w_jk² / Σ_j w_jk² · R_k, for an input layer with unbounded inputs. Independent of the input values and
/// of the bias (conservative).
/// </summary>
public sealed class WSquareRule : LrpRule
{
    /// <summary>Creates the rule with a numerical <paramref name="stabiliser"/> ≥ 0.</summary>
    public WSquareRule(double stabiliser = DefaultStabiliser)
        : base("wsquare")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        Stabiliser = stabiliser;
    }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => Share(layer, [new RelevanceTerm(ones_like(input), weight.mul(weight), null)], relevanceOut, Stabiliser);
}
