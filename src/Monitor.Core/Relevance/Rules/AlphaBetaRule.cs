using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// LRP-αβ (Bach et al., PLoS ONE 10(7):e0130140, 2015; Montavon et al. 2019):
/// R_j = Σ_k (α (a_j w_jk)⁺ / Σ_{0,j} (a_j w_jk)⁺ − β (a_j w_jk)⁻ / Σ_{0,j} (a_j w_jk)⁻) · R_k with α − β = 1,
/// α, β ≥ 0; the bias joins the positive (b⁺) or negative (b⁻) denominator. Since (a w)⁺ = a⁺w⁺ + a⁻w⁻ and
/// (a w)⁻ = a⁺w⁻ + a⁻w⁺, each part is two forward passes with split inputs and weights. Common: α2β1, α1β0.
/// </summary>
public sealed class AlphaBetaRule : LrpRule
{
    /// <summary>Creates the rule; throws <see cref="ArgumentException"/> unless α, β ≥ 0 and α − β = 1.</summary>
    public AlphaBetaRule(double alpha = 2, double beta = 1, double stabiliser = DefaultStabiliser)
        : base(FormattableString.Invariant($"alpha{alpha}beta{beta}"))
    {
        if (alpha < 0 || beta < 0 || Math.Abs(alpha - beta - 1) > 1e-12)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"LRP-αβ needs α, β ≥ 0 and α − β = 1 (Bach et al. 2015); got α = {alpha}, β = {beta}."),
                nameof(alpha));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stabiliser);
        Alpha = alpha;
        Beta = beta;
        Stabiliser = stabiliser;
    }

    /// <summary>α, the weight of the positive part.</summary>
    public double Alpha { get; }

    /// <summary>β, the weight of the negative part.</summary>
    public double Beta { get; }

    /// <summary>ε of z + ε·sign(z), only to avoid division by zero.</summary>
    public double Stabiliser { get; }

    /// <summary>Σ_k (a_j w_jk)⁺ / Σ_{0,j} (a_j w_jk)⁺ · R_k, the bias contributing b⁺.</summary>
    internal static Tensor PositiveShare(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut, double stabiliser)
    {
        Tensor positiveWeight = Positive(weight);
        Tensor negativeWeight = Negative(weight);
        return Share(
            layer,
            [
                new RelevanceTerm(Positive(input), positiveWeight, bias is null ? null : Positive(bias)),
                new RelevanceTerm(Negative(input), negativeWeight, null),
            ],
            relevanceOut,
            stabiliser);
    }

    /// <summary>Σ_k (a_j w_jk)⁻ / Σ_{0,j} (a_j w_jk)⁻ · R_k, the bias contributing b⁻.</summary>
    internal static Tensor NegativeShare(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut, double stabiliser)
    {
        Tensor positiveWeight = Positive(weight);
        Tensor negativeWeight = Negative(weight);
        return Share(
            layer,
            [
                new RelevanceTerm(Positive(input), negativeWeight, bias is null ? null : Negative(bias)),
                new RelevanceTerm(Negative(input), positiveWeight, null),
            ],
            relevanceOut,
            stabiliser);
    }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut)
    {
        Tensor positive = PositiveShare(layer, input, weight, bias, relevanceOut, Stabiliser).mul(Constant(Alpha, input));
        if (Beta == 0)
        {
            return positive;
        }

        Tensor negative = NegativeShare(layer, input, weight, bias, relevanceOut, Stabiliser).mul(Constant(-Beta, input));
        return positive.add(negative, KeptScalars.One);
    }
}
