using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// One operation of a <see cref="RelevanceGraph"/>: reads values from slots, writes one slot in the forward pass, and
/// hands relevance back to the slots it read in the backward pass.
/// </summary>
internal abstract class GraphStep
{
    protected GraphStep(IReadOnlyList<int> inputs, int output)
    {
        Inputs = inputs;
        Output = output;
    }

    /// <summary>Slots read.</summary>
    public IReadOnlyList<int> Inputs { get; }

    /// <summary>Slot written.</summary>
    public int Output { get; }

    /// <summary>Computes the output from the values of <see cref="Inputs"/>.</summary>
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// Redistributes <paramref name="relevance"/> (shaped like the output, batch K) onto each input. The forward values
    /// have batch K or 1 (then they are broadcast to K).
    /// </summary>
    public abstract IReadOnlyList<Tensor> Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor relevance);

    /// <summary><paramref name="value"/> with the batch size of <paramref name="like"/> (a view when it has batch 1).</summary>
    protected static Tensor Batched(Tensor value, Tensor like)
    {
        if (value.shape[0] == like.shape[0])
        {
            return value;
        }

        long[] shape = value.shape;
        shape[0] = like.shape[0];
        return value.expand(shape);
    }
}
