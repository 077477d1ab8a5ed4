using static TorchSharp.torch;

namespace Monitor.Core.Relevance;

/// <summary>
/// One forward pass of a <see cref="RelevanceExplainer"/>'s network on one input, with every value kept: the
/// prediction (<see cref="Output"/>, equal to the network's own within float rounding) and what the backward pass of
/// any number of later explanations of this input reads. Predicting a lead through it and explaining its regions from
/// it costs one forward pass in all, not one per explanation. Owns its tensors: dispose it. The input is kept as a
/// view of the caller's tensor: changing that tensor in place changes later explanations.
/// </summary>
public sealed class ForwardPass : IDisposable
{
    private readonly Tensor[] _values;
    private bool _disposed;

    internal ForwardPass(RelevanceExplainer explainer, IReadOnlyList<Tensor> values)
    {
        Explainer = explainer;
        _values = [.. values];
    }

    /// <summary>The input <c>[1, C, H, W]</c>.</summary>
    public Tensor Input => Values[0];

    /// <summary>The network's prediction <c>[1, 1, H, W]</c>.</summary>
    public Tensor Output => Values[^1];

    /// <summary>The explainer whose network ran.</summary>
    internal RelevanceExplainer Explainer { get; }

    /// <summary>Every value of the pass, in the relevance graph's slot order.</summary>
    internal IReadOnlyList<Tensor> Values
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _values;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (Tensor value in _values)
        {
            value.Dispose();
        }
    }
}
