using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>Concatenation along channels (a U-Net skip): each part gets the relevance of its own channels.</summary>
internal sealed class ConcatenationStep : GraphStep
{
    public ConcatenationStep(int first, int second, int output)
        : base([first, second], output)
    {
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => cat([inputs[0], inputs[1]], 1);

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows) => [windows, windows];

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
    {
        long first = inputs[0].shape[1];
        long second = inputs[1].shape[1];
        return
        [
            relevance with { Values = relevance.Values.narrow(1, 0, first).contiguous() },
            relevance with { Values = relevance.Values.narrow(1, first, second).contiguous() },
        ];
    }
}
