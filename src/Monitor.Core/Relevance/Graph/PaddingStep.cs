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
        // GeoPad pads longitude first, then latitude; the adjoint undoes latitude first.
        using IDisposable scope = NewDisposeScope();
        Window window = relevance.Window;
        (Tensor rows, long top, long height) = Fold(relevance.Values, 2, window.Top, output.shape[2], _pad.Size, _pad.Latitude);
        (Tensor folded, long left, long width) = Fold(rows, 3, window.Left, output.shape[3], _pad.Size, _pad.Longitude);
        return [new WindowedRelevance(folded.MoveToOuterDisposeScope(), new Window(top, left, height, width))];
    }

    public override IReadOnlyList<Window> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Window window)
    {
        (long top, long height) = Folded(window.Top, window.Rows, output.shape[2], _pad.Size, _pad.Latitude);
        (long left, long width) = Folded(window.Left, window.Columns, output.shape[3], _pad.Size, _pad.Longitude);
        return [new Window(top, left, height, width)];
    }

    /// <summary>The adjoint of padding <paramref name="size"/> cells on both ends of <paramref name="dimension"/>, for the whole padded axis.</summary>
    internal static Tensor Fold(Tensor padded, int dimension, long size, PaddingMode mode)
        => Fold(padded, dimension, 0, padded.shape[dimension], size, mode).Values;

    /// <summary>
    /// The adjoint of padding <paramref name="size"/> cells on both ends of <paramref name="dimension"/>, for relevance
    /// <paramref name="values"/> over cells [<paramref name="start"/>, start + its length) of a padded axis of
    /// <paramref name="paddedLength"/> cells: the interior cells move to the unpadded axis and each padded cell is added
    /// onto the cell it was copied from. Returns the relevance over the unpadded cells it reaches (<see cref="Folded"/>).
    /// </summary>
    private static (Tensor Values, long Start, long Length) Fold(
        Tensor values, int dimension, long start, long paddedLength, long size, PaddingMode mode)
    {
        long length = paddedLength - (2 * size), end = start + values.shape[dimension];
        long interiorStart = Math.Max(start, size), interiorEnd = Math.Min(end, size + length);
        (long first, long count) = Folded(start, end - start, paddedLength, size, mode);
        if (interiorStart == start && interiorEnd == end)
        {
            return (values, first, count);
        }

        long[] shape = [.. values.shape];
        shape[dimension] = count;
        Tensor folded = zeros(shape, values.dtype, values.device);
        if (interiorStart < interiorEnd)
        {
            folded.narrow(dimension, interiorStart - size - first, interiorEnd - interiorStart)
                .copy_(values.narrow(dimension, interiorStart - start, interiorEnd - interiorStart));
        }

        for (long padded = start; padded < end; padded++)
        {
            if (padded < interiorStart || padded >= interiorEnd)
            {
                long source = Source(padded, size, length, mode);
                folded.narrow(dimension, source - first, 1).add_(values.narrow(dimension, padded - start, 1), KeptScalars.One);
            }
        }

        return (folded, first, count);
    }

    /// <summary>
    /// The unpadded cells that padded cells [<paramref name="start"/>, start + <paramref name="length"/>) come from, as
    /// start and count: the interior cells shifted, plus the sources of padded ones (near the same end for reflect and
    /// replicate, the far end for circular).
    /// </summary>
    private static (long Start, long Length) Folded(long start, long length, long paddedLength, long size, PaddingMode mode)
    {
        long interior = paddedLength - (2 * size), end = start + length;
        long interiorStart = Math.Max(start, size), interiorEnd = Math.Min(end, size + interior);
        long first = interiorStart < interiorEnd ? interiorStart - size : long.MaxValue;
        long last = interiorStart < interiorEnd ? interiorEnd - size : long.MinValue;
        for (long padded = start; padded < end; padded++)
        {
            if (padded < interiorStart || padded >= interiorEnd)
            {
                long source = Source(padded, size, interior, mode);
                first = Math.Min(first, source);
                last = Math.Max(last, source + 1);
            }
        }

        return (first, last - first);
    }

    /// <summary>The unpadded cell that padded cell <paramref name="padded"/> (outside the interior) copies.</summary>
    private static long Source(long padded, long size, long length, PaddingMode mode)
    {
        bool before = padded < size;
        long i = before ? padded : padded - size - length;
        return (mode, before) switch
        {
            (PaddingMode.Circular, true) => length - size + i,
            (PaddingMode.Circular, false) => i,
            (PaddingMode.Reflect, true) => size - i,
            (PaddingMode.Reflect, false) => length - 2 - i,
            (_, true) => 0,
            _ => length - 1,
        };
    }
}
