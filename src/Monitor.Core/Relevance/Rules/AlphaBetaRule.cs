using Monitor.Core.Runtime;
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

    /// <summary>
    /// α·Σ_k (a_j w_jk)⁺ / Σ_{0,j} (a_j w_jk)⁺ · R_k − β·Σ_k (a_j w_jk)⁻ / Σ_{0,j} (a_j w_jk)⁻ · R_k with the bias parts
    /// b⁺ and b⁻, from the signed parts of inputs and weights: Σ_j (a w)⁺ = a⁺·W⁺ + a⁻·W⁻ and Σ_j (a w)⁻ = a⁺·W⁻ + a⁻·W⁺,
    /// and R = a⁺ ⊙ (W⁺ᵀ αs⁺ − W⁻ᵀ βs⁻) + a⁻ ⊙ (W⁻ᵀ αs⁺ − W⁺ᵀ βs⁻) with s^± = R_out / denominator^±. (Writing
    /// (aw)^± = (aw ± |a||w|)/2 would need fewer passes but cancels to noise in float32 where the parts are small.)
    /// </summary>
    internal static Tensor Shares(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut,
        double alpha, double beta, double stabiliser)
    {
        Tensor inputPositive = Positive(input), inputNegative = Negative(input);
        Tensor weightPositive = Positive(weight), weightNegative = Negative(weight);
        Tensor positive = layer.Apply(inputPositive, weightPositive, bias is null ? null : Positive(bias))
            .add(layer.Apply(inputNegative, weightNegative, null), KeptScalars.One);
        Tensor sPositive = FusedKernels.Divide(relevanceOut, positive, stabiliser).mul_(Constant(alpha, weight));
        (Tensor forPositiveInputs, Tensor forNegativeInputs) = layer.Transpose((sPositive, weightPositive), (sPositive, weightNegative), input.shape);
        if (beta != 0)
        {
            Tensor negative = layer.Apply(inputPositive, weightNegative, bias is null ? null : Negative(bias))
                .add(layer.Apply(inputNegative, weightPositive, null), KeptScalars.One);
            Tensor sNegative = FusedKernels.Divide(relevanceOut, negative, stabiliser).mul_(Constant(-beta, weight));
            (Tensor toPositiveInputs, Tensor toNegativeInputs) = layer.Transpose((sNegative, weightNegative), (sNegative, weightPositive), input.shape);
            forPositiveInputs = forPositiveInputs.add(toPositiveInputs, KeptScalars.One);
            forNegativeInputs = forNegativeInputs.add(toNegativeInputs, KeptScalars.One);
        }

        return inputPositive.mul(forPositiveInputs).add(inputNegative.mul(forNegativeInputs), KeptScalars.One);
    }

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut)
        => Shares(layer, input, weight, bias, relevanceOut, Alpha, Beta, Stabiliser);
}
