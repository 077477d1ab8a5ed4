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

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
    {
        // GeoPad pads longitude first, then latitude; the adjoint undoes latitude first. A window inside the interior
        // only moves; one that reaches into the padding is folded over the whole of that axis.
        using IDisposable scope = NewDisposeScope();
        Window window = relevance.Window;
        (Tensor rows, long top, long height) = FoldAxis(relevance.Values, 2, window.Top, window.Rows, output.shape[2], _pad.Size, _pad.Latitude);
        (Tensor folded, long left, long width) = FoldAxis(rows, 3, window.Left, window.Columns, output.shape[3], _pad.Size, _pad.Longitude);
        return [new WindowedRelevance(folded.MoveToOuterDisposeScope(), new Window(top, left, height, width))];
    }

    /// <summary>
    /// The adjoint along one axis for relevance over [<paramref name="start"/>, start + <paramref name="length"/>) of a
    /// padded axis of <paramref name="paddedLength"/> cells: the relevance and its start and length on the unpadded axis.
    /// </summary>
    private static (Tensor Values, long Start, long Length) FoldAxis(
        Tensor values, int dimension, long start, long length, long paddedLength, long size, PaddingMode mode)
    {
        long interior = paddedLength - (2 * size);
        if (start >= size && start + length <= size + interior)
        {
            return (values, start - size, length);
        }

        long[] shape = [.. values.shape];
        shape[dimension] = paddedLength;
        Tensor whole = zeros(shape, values.dtype, values.device);
        whole.narrow(dimension, start, length).copy_(values);
        return (Fold(whole, dimension, size, mode), 0, interior);
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
