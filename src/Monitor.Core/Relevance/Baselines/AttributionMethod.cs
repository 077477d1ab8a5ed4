using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// An attribution baseline to compare LRP against (Mamalakis, Ebert-Uphoff, Barnes, Environmental Data Science 2022:
/// gradient, gradient × input, integrated gradients, occlusion). All methods explain the scalar F(x) = Σ s ⊙ f(x)
/// per sample, where f maps an input <c>[B, C, H, W]</c> to an output <c>[B, 1, H, W]</c> and the selector s (shaped
/// like the output, e.g. a region mask) weights the output cells; F is linear in s. Attributions are shaped like the
/// input.
/// </summary>
public abstract class AttributionMethod
{
    /// <summary>Creates a method.</summary>
    /// <param name="name">Short name (e.g. "gradient").</param>
    protected AttributionMethod(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Short name, e.g. for logs and comparisons.</summary>
    public string Name { get; }

    /// <summary>
    /// Attributes Σ s ⊙ f(x) to the cells of <paramref name="input"/>. The model function is only called; freeze
    /// its parameters beforehand (or use the module overload), otherwise autograd may also compute weight gradients.
    /// The result belongs to the caller's dispose scope; the arguments are neither modified nor given gradients.
    /// </summary>
    /// <param name="model">f: input <c>[B, C, H, W]</c> → output <c>[B, 1, H, W]</c>.</param>
    /// <param name="input">x, <c>[B, C, H, W]</c>.</param>
    /// <param name="selector">s, shaped like f(x).</param>
    public Tensor Attribute(Func<Tensor, Tensor> model, Tensor input, Tensor selector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(selector);
        if (input.dim() != 4)
        {
            throw new ArgumentException($"The input must be [B, C, H, W], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using IDisposable scope = NewDisposeScope();
        return Compute(model, input.detach(), selector.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Attributes with a module: its parameters are frozen (<c>requires_grad</c> false, so autograd computes the input
    /// gradient only; docs/platform.md) and it runs in evaluation mode; both are restored afterwards.
    /// </summary>
    public Tensor Attribute(nn.Module<Tensor, Tensor> model, Tensor input, Tensor selector)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var frozen = new FrozenModule(model);
        return Attribute(model.call, input, selector);
    }

    /// <summary>The method on detached arguments, inside a dispose scope.</summary>
    private protected abstract Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector);

    /// <summary>
    /// ∂(Σ s ⊙ f)/∂x at every sample of <paramref name="points"/> (<c>[N, C, H, W]</c>), where the selector
    /// <paramref name="selector"/> is shaped like f(points); by <c>torch.autograd.grad</c> w.r.t. the input only.
    /// </summary>
    private protected static Tensor SelectedGradient(Func<Tensor, Tensor> model, Tensor points, Tensor selector)
    {
        using IDisposable grad = enable_grad();
        Tensor leaf = points.detach().requires_grad_(true);
        Tensor output = model(leaf);
        CheckSelector(output, selector);
        if (!output.requires_grad)
        {
            return zeros_like(points);
        }

        IList<Tensor> gradients = autograd.grad([output], [leaf], [selector.to(output.dtype)], allow_unused: true);
        Tensor g = gradients[0];
        return g is null || g.IsInvalid ? zeros_like(points) : g.detach();
    }

    /// <summary>F = Σ s ⊙ f per sample: <c>[N]</c> for outputs <c>[N, 1, H, W]</c> and a selector of the same shape.</summary>
    private protected static Tensor Selected(Tensor output, Tensor selector)
    {
        CheckSelector(output, selector);
        return output.mul(selector.to(output.dtype)).flatten(1).sum(1);
    }

    /// <summary>Throws unless the selector has the output's shape.</summary>
    private protected static void CheckSelector(Tensor output, Tensor selector)
    {
        if (!output.shape.SequenceEqual(selector.shape))
        {
            throw new ArgumentException(
                $"The selector [{string.Join(", ", selector.shape)}] must have the model output's shape [{string.Join(", ", output.shape)}].",
                nameof(selector));
        }
    }

    /// <summary>Broadcasts a baseline (a 0-d value, <c>[C, H, W]</c> or <c>[B, C, H, W]</c>) to the input.</summary>
    private protected static Tensor Broadcast(Tensor baseline, Tensor input)
        => baseline.detach().to(input.dtype, input.device).expand(input.shape);
}
