using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// An element-wise activation (LeakyReLU). Relevance passes through unchanged (Montavon et al. 2019: activations are
/// part of the neuron whose linear part redistributes; R_in = R_out element by element, which conserves relevance).
/// </summary>
internal sealed class ActivationStep : GraphStep
{
    private readonly nn.Module<Tensor, Tensor> _activation;

    public ActivationStep(int input, int output, nn.Module<Tensor, Tensor> activation)
        : base([input], output) => _activation = activation;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => _activation.call(inputs[0]);

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance) => [relevance];

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows) => [windows];
}
