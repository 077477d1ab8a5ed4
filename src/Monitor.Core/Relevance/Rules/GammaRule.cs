using Monitor.Core.Transfer.Modules;
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

    private protected override Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut)
    {
        Tensor gamma = Constant(Gamma, weight);
        Tensor zero = Constant(0, weight);
        Tensor inputPositive = Positive(input), inputNegative = Negative(input);
        Tensor weightPositive = Positive(weight), weightNegative = Negative(weight);
        Tensor x = input.detach().requires_grad_(true);
        Tensor xPositive = inputPositive.detach().requires_grad_(true);
        Tensor xNegative = inputNegative.detach().requires_grad_(true);

        // z, and the sums of the positive and the negative contributions (a w)⁺ and (a w)⁻ over j, each from its own leaf.
        Tensor z = layer.Apply(x, weight, bias);
        Tensor positive = layer.Apply(xPositive, weightPositive, null).add(layer.Apply(xNegative, weightNegative, null), KeptScalars.One);
        Tensor negative = layer.Apply(xPositive, weightNegative, null).add(layer.Apply(xNegative, weightPositive, null), KeptScalars.One);
        if (bias is not null)
        {
            positive = layer.AddBias(positive, Positive(bias));
            negative = layer.AddBias(negative, Negative(bias));
        }

        Tensor zd = z.detach();
        Tensor up = zd.ge(zero);
        Tensor denominator = where(
            up,
            zd.add(positive.detach().mul(gamma), KeptScalars.One),
            zd.add(negative.detach().mul(gamma), KeptScalars.One));
        Tensor s = relevanceOut.div(Stabilise(denominator, Stabiliser));
        Tensor sPositive = where(up, s, zero).mul(gamma);
        Tensor sNegative = where(up, zero, s).mul(gamma);
        IList<Tensor> g = autograd.grad([z, positive, negative], [x, xPositive, xNegative], [s, sPositive, sNegative], allow_unused: true);
        Tensor relevance = input.mul(g[0]);
        if (g[1] is { } gp)
        {
            relevance = relevance.add(inputPositive.mul(gp), KeptScalars.One);
        }

        if (g[2] is { } gn)
        {
            relevance = relevance.add(inputNegative.mul(gn), KeptScalars.One);
        }

        return relevance;
    }
}
