using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// A rule of Layer-wise Relevance Propagation for one linear layer, computed in the four steps of Montavon et al.,
/// "Layer-Wise Relevance Propagation: An Overview" (Explainable AI, LNCS 11700, 2019):
/// (1) z = Σ_t ± f(x_t; ρ(W), ρ(b)) forward with modified parameters, stabilised;
/// (2) s = R_out / z; (3) c_t = ∂(Σ z·s)/∂x_t = ±ρ_t(W)ᵀ·s, computed by the layer's adjoint
/// (<see cref="LinearLayer.Transpose(Tensor, Tensor, ReadOnlySpan{long})"/>, what autograd would compute, without building a graph); (4) R_in = Σ_t x_t ⊙ c_t.
/// This is R_j = Σ_k x_j ρ(w_jk) / (Σ_{0,j} x_j ρ(w_jk)) · R_k without materialising the matrix.
/// </summary>
public abstract class LrpRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="name">Short name (e.g. "epsilon").</param>
    protected LrpRule(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Default ε of z + ε·sign(z) for rules other than LRP-ε: only keeps denominators away from 0.</summary>
    public const double DefaultStabiliser = 1e-9;

    /// <summary>Short name, e.g. for logs and composites.</summary>
    public string Name { get; }

    /// <summary>
    /// Redistributes <paramref name="relevanceOut"/> (shaped like the layer's output) onto <paramref name="input"/>
    /// (the layer's input in the forward pass). The result is shaped like the input and belongs to the caller's
    /// dispose scope. The input may have batch 1 while the relevance has batch K (K selections of one input): it is
    /// broadcast, and the forward terms of the rule are computed once.
    /// </summary>
    /// <param name="layer">The layer.</param>
    /// <param name="input">The layer's input in the forward pass.</param>
    /// <param name="relevanceOut">Relevance of the layer's outputs.</param>
    /// <param name="output">The layer's output z = W·a + b from the forward pass, if kept (saves recomputing it).</param>
    public Tensor Propagate(LinearLayer layer, Tensor input, Tensor relevanceOut, Tensor? output = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(relevanceOut);
        using IDisposable scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        // Without gradients nothing needs detaching; the rules never write into their arguments. (At W1 sizes each extra
        // tensor handle costs a few microseconds, about a tenth of a small window's pass.)
        Tensor weight = layer.Weight.dtype == input.dtype ? layer.Weight : layer.Weight.to(input.dtype);
        Tensor? bias = layer.Bias is null || layer.Bias.dtype == input.dtype ? layer.Bias : layer.Bias.to(input.dtype);
        return Redistribute(layer, input, weight, bias, output, relevanceOut).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The rule itself (gradients off), given the layer's output <paramref name="output"/> from the forward pass if
    /// kept (rules that need z call <see cref="OutputOf"/>); called inside a dispose scope. The arguments are the
    /// caller's tensors and the layer's own parameters, not copies: a rule never writes into, disposes or returns them.
    /// </summary>
    private protected abstract Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output, Tensor relevanceOut);

    /// <summary>z = W·a + b: the kept forward output, or computed.</summary>
    private protected static Tensor OutputOf(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor? output)
        => output ?? layer.Apply(input, weight, bias);

    /// <summary>Steps 1–4 for one denominator built from <paramref name="terms"/>, stabilised by z + ε·sign(z).</summary>
    private protected static Tensor Share(LinearLayer layer, IReadOnlyList<RelevanceTerm> terms, Tensor relevanceOut, double epsilon)
    {
        Tensor? z = null;
        foreach (RelevanceTerm term in terms)
        {
            Tensor zt = layer.Apply(term.Input, term.Weight, term.Bias);
            if (term.Subtracted)
            {
                zt = zt.neg();
            }

            z = z is null ? zt : z.add(zt, KeptScalars.One);
        }

        return z is null
            ? throw new ArgumentException("A rule needs at least one term.", nameof(terms))
            : Share(layer, terms, relevanceOut, z, epsilon);
    }

    /// <summary>
    /// Steps 2–4 for terms whose modified forward pass <paramref name="z"/> is already known, with z stabilised to
    /// z + ε·sign(z) (sign(0) = +1; for ε = 0 only an exactly-zero z is replaced, see <see cref="FusedKernels"/>).
    /// </summary>
    private protected static Tensor Share(LinearLayer layer, IReadOnlyList<RelevanceTerm> terms, Tensor relevanceOut, Tensor z, double epsilon)
    {
        Tensor s = FusedKernels.Divide(relevanceOut, z, epsilon);
        Tensor? relevance = null;
        foreach (RelevanceTerm term in terms)
        {
            // The adjoint's result is fresh and has the relevance's batch: the input (batch 1 or K) multiplies in place.
            Tensor contribution = layer.Transpose(s, term.Weight, term.Input.shape).mul_(term.Input);
            if (term.Subtracted)
            {
                contribution = contribution.neg_();
            }

            relevance = relevance is null ? contribution : relevance.add_(contribution, KeptScalars.One);
        }

        return relevance ?? throw new ArgumentException("A rule needs at least one term.", nameof(terms));
    }

    /// <summary>A 0-d tensor of <paramref name="value"/> on the dtype and device of <paramref name="like"/> (no implicit Scalar).</summary>
    private protected static Tensor Constant(double value, Tensor like) => tensor(value, like.dtype, like.device);

    /// <summary>Positive part max(0, t).</summary>
    private protected static Tensor Positive(Tensor t) => t.relu();

    /// <summary>Negative part min(0, t).</summary>
    private protected static Tensor Negative(Tensor t) => t.neg().relu().neg();
}
