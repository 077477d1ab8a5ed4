using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// Geographic padding (circular, reflect or replicate). Each padded cell is a copy of a source cell, so its relevance
/// is folded back onto that source (the adjoint of the padding, written out per mode): relevance is conserved and lands
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
        // GeoPad pads longitude first, then latitude; the adjoint undoes latitude first.
        using IDisposable scope = NewDisposeScope();
        Tensor rows = Fold(relevance, dimension: 2, _pad.Size, _pad.Latitude);
        return [Fold(rows, dimension: 3, _pad.Size, _pad.Longitude).MoveToOuterDisposeScope()];
    }

    /// <summary>
    /// The adjoint of padding <paramref name="size"/> cells on both ends of <paramref name="dimension"/>: the interior,
    /// plus each padded slice added onto the slice it was copied from.
    /// </summary>
    internal static Tensor Fold(Tensor padded, int dimension, long size, PaddingMode mode)
    {
        long length = padded.shape[dimension] - (2 * size);
        Tensor folded = padded.narrow(dimension, size, length).clone();
        for (long i = 0; i < size; i++)
        {
            // Padded slice i (before the start) and slice size + length + i (after the end).
            (long before, long after) = mode switch
            {
                PaddingMode.Circular => (length - size + i, i),
                PaddingMode.Reflect => (size - i, length - 2 - i),
                _ => (0, length - 1),
            };
            folded.narrow(dimension, before, 1).add_(padded.narrow(dimension, i, 1), KeptScalars.One);
            folded.narrow(dimension, after, 1).add_(padded.narrow(dimension, size + length + i, 1), KeptScalars.One);
        }

        return folded;
    }
}
