using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// An attribution method that compares the input with a baseline x' (integrated gradients' path start, occlusion's
/// replacement value): a constant <see cref="BaselineValue"/> (0 is the training mean after standardisation), or a
/// baseline tensor passed per call, e.g. a climatology.
/// </summary>
public abstract class BaselineAttributionMethod : AttributionMethod
{
    /// <summary>Creates the method; the baseline value must be finite.</summary>
    protected BaselineAttributionMethod(string name, double baselineValue)
        : base(name)
    {
        if (!double.IsFinite(baselineValue))
        {
            throw new ArgumentOutOfRangeException(nameof(baselineValue), baselineValue, "The baseline must be finite.");
        }

        BaselineValue = baselineValue;
    }

    /// <summary>The baseline x' in every cell, used unless a baseline tensor is passed.</summary>
    public double BaselineValue { get; }

    /// <summary>
    /// As <see cref="AttributionMethod.Attribute(Func{Tensor, Tensor}, Tensor, Tensor)"/> with the baseline x'
    /// <paramref name="baseline"/> (0-d, <c>[C, H, W]</c> or <c>[B, C, H, W]</c>), e.g. a climatology.
    /// </summary>
    public Tensor Attribute(Func<Tensor, Tensor> model, Tensor input, Tensor selector, Tensor baseline)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(baseline);
        if (input.dim() != 4)
        {
            throw new ArgumentException($"The input must be [B, C, H, W], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using IDisposable scope = NewDisposeScope();
        Tensor x = input.detach();
        return Compute(model, x, selector.detach(), Broadcast(baseline, x)).MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Attribute(Func{Tensor, Tensor}, Tensor, Tensor, Tensor)"/> with a frozen module.</summary>
    public Tensor Attribute(nn.Module<Tensor, Tensor> model, Tensor input, Tensor selector, Tensor baseline)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var frozen = new FrozenModule(model);
        return Attribute(model.call, input, selector, baseline);
    }

    /// <summary>The method against a baseline already broadcast to the input's shape.</summary>
    private protected abstract Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector, Tensor baseline);

    private protected sealed override Tensor Compute(Func<Tensor, Tensor> model, Tensor input, Tensor selector)
        => Compute(model, input, selector, Broadcast(tensor(BaselineValue, input.dtype, input.device), input));
}
