using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// Geographic padding (circular, reflect or replicate). Each padded cell is a copy of a source cell, so its relevance
/// is folded back onto that source (the adjoint of the padding, obtained by autograd): relevance is conserved and lands
/// where the information came from — across the date line for circular padding, inside the domain for reflect and
/// replicate.
/// </summary>
internal sealed class PaddingStep : GraphStep
{
    private readonly GeoPad _pad;

    public PaddingStep(int input, int output, GeoPad pad)
        : base([input], output) => _pad = pad;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => _pad.call(inputs[0]);

    public override IReadOnlyList<Tensor> Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor relevance)
    {
        using IDisposable scope = NewDisposeScope();
        using IDisposable grad = enable_grad();
        long[] shape = inputs[0].shape;
        shape[0] = relevance.shape[0];
        Tensor leaf = zeros(shape, relevance.dtype, relevance.device).requires_grad_(true);
        Tensor padded = _pad.call(leaf);
        Tensor folded = autograd.grad([padded], [leaf], [relevance.detach()])[0];
        return [folded.detach().MoveToOuterDisposeScope()];
    }
}
