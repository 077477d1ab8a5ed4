using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Rules;

/// <summary>
/// A rule of Layer-wise Relevance Propagation for one linear layer, computed in the four steps of Montavon et al.,
/// "Layer-Wise Relevance Propagation: An Overview" (Explainable AI, LNCS 11700, 2019):
/// (1) z = Σ_t ± f(x_t; ρ(W), ρ(b)) forward with modified parameters, stabilised;
/// (2) s = R_out / z; (3) c_t = ∂(Σ z·s)/∂x_t by autograd; (4) R_in = Σ_t x_t ⊙ c_t.
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
    /// dispose scope; gradients of the inputs are not touched.
    /// </summary>
    public Tensor Propagate(LinearLayer layer, Tensor input, Tensor relevanceOut)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(relevanceOut);
        using IDisposable scope = NewDisposeScope();
        using IDisposable grad = enable_grad();
        Tensor x = input.detach();
        Tensor weight = layer.Weight.detach().to(x.dtype);
        Tensor? bias = layer.Bias?.detach().to(x.dtype);
        return Redistribute(layer, x, weight, bias, relevanceOut.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>The rule itself on detached tensors; called inside a dispose scope.</summary>
    private protected abstract Tensor Redistribute(LinearLayer layer, Tensor input, Tensor weight, Tensor? bias, Tensor relevanceOut);

    /// <summary>Steps 1–4 for one denominator built from <paramref name="terms"/>, stabilised by z + ε·sign(z).</summary>
    private protected static Tensor Share(LinearLayer layer, IReadOnlyList<RelevanceTerm> terms, Tensor relevanceOut, double epsilon)
    {
        var leaves = new List<Tensor>(terms.Count);
        Tensor? z = null;
        foreach (RelevanceTerm term in terms)
        {
            Tensor leaf = term.Input.detach().requires_grad_(true);
            leaves.Add(leaf);
            Tensor zt = layer.Apply(leaf, term.Weight, term.Bias);
            if (term.Subtracted)
            {
                zt = zt.neg();
            }

            z = z is null ? zt : z.add(zt, KeptScalars.One);
        }

        if (z is null)
        {
            throw new ArgumentException("A rule needs at least one term.", nameof(terms));
        }

        Tensor s = relevanceOut.div(Stabilise(z.detach(), epsilon));
        IList<Tensor> gradients = autograd.grad([z], leaves, [s]);
        Tensor relevance = zeros_like(terms[0].Input);
        for (int t = 0; t < terms.Count; t++)
        {
            relevance = relevance.add(terms[t].Input.mul(gradients[t]), KeptScalars.One);
        }

        return relevance;
    }

    /// <summary>z + ε·sign(z) with sign(0) = +1 (Montavon et al. 2019), so the result is never 0 for ε &gt; 0.</summary>
    private protected static Tensor Stabilise(Tensor z, double epsilon)
    {
        if (epsilon == 0)
        {
            return z;
        }

        Tensor zero = Constant(0, z);
        Tensor e = Constant(epsilon, z);
        return z.add(where(z.ge(zero), e, e.neg()), KeptScalars.One);
    }

    /// <summary>A 0-d tensor of <paramref name="value"/> on the dtype and device of <paramref name="like"/> (no implicit Scalar).</summary>
    private protected static Tensor Constant(double value, Tensor like) => tensor(value, like.dtype, like.device);

    /// <summary>Positive part max(0, t).</summary>
    private protected static Tensor Positive(Tensor t) => t.relu();

    /// <summary>Negative part min(0, t).</summary>
    private protected static Tensor Negative(Tensor t) => t.neg().relu().neg();
}
