using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// flat (Lapuschkin et al., "Unmasking Clever Hans predictors", Nature Communications 10:1096, 2019): w² with every
/// weight 1, R_j = Σ_k 1[j → k] / |{j : j → k}| · R_k — relevance spread uniformly over each output's receptive field.
/// Independent of the input values, the weights and the bias (conservative).
/// </summary>
public sealed class FlatRule : LrpRule
{
    /// <summary>Creates the rule with a numerical <paramref name="stabiliser"/> ≥ 0.</summary>
    public FlatRule(double stabiliser = DefaultStabiliser)
        : base("flat")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        Stabiliser = stabiliser;
    }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => Share(layer, [new RelevanceTerm(ones_like(input), ones_like(weight), null)], relevanceOut, Stabiliser);
}
