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
    /// Redistributes <paramref name="relevance"/> (batch K, over a window of the output per selection) onto each input,
    /// over the windows of that input which can receive any of it. The forward values are whole and have batch K or 1 (then they
    /// broadcast against K).
    /// </summary>
    public abstract IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance);

    /// <summary>The windows of each input that <see cref="Backward"/> returns for relevance over <paramref name="windows"/>.</summary>
    public abstract IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows);
}
