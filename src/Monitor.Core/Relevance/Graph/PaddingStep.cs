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
        Windows windows = relevance.Windows;
        int count = windows.Count;
        (Tensor rows, long[] tops, long height) = Fold(
            relevance.Values, 2, [.. Enumerable.Range(0, count).Select(k => windows[k].Top)], output.shape[2], _pad.Size, _pad.Latitude);
        (Tensor folded, long[] lefts, long width) = Fold(
            rows, 3, [.. Enumerable.Range(0, count).Select(k => windows[k].Left)], output.shape[3], _pad.Size, _pad.Longitude);
        return [new WindowedRelevance(folded.MoveToOuterDisposeScope(), Windows.At(height, width, [.. tops.Zip(lefts)]))];
    }

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows)
    {
        int count = windows.Count;
        (long[] tops, long height) = Folded([.. Enumerable.Range(0, count).Select(k => windows[k].Top)], windows.Rows, output.shape[2], _pad.Size, _pad.Latitude);
        (long[] lefts, long width) = Folded([.. Enumerable.Range(0, count).Select(k => windows[k].Left)], windows.Columns, output.shape[3], _pad.Size, _pad.Longitude);
        return [Windows.At(height, width, [.. tops.Zip(lefts)])];
    }

    /// <summary>The adjoint of padding <paramref name="size"/> cells on both ends of <paramref name="dimension"/>, for the whole padded axis.</summary>
    internal static Tensor Fold(Tensor padded, int dimension, long size, PaddingMode mode)
        => Fold(padded, dimension, [0], padded.shape[dimension], size, mode).Values;

    /// <summary>
    /// The adjoint of padding <paramref name="size"/> cells on both ends of <paramref name="dimension"/>, for relevance
    /// <paramref name="values"/> <c>[K, …]</c> over cells [<paramref name="starts"/>[k], starts[k] + its length) of a
    /// padded axis of <paramref name="paddedLength"/> cells (one start for all K, or one per selection): the interior
    /// cells move to the unpadded axis and each padded cell is added onto the cell it was copied from. Returns the
    /// relevance over windows of one length on the unpadded axis, each holding the cells its selection reaches
    /// (<see cref="Folded(long[], long, long, long, PaddingMode)"/>), and their starts.
    /// </summary>
    private static (Tensor Values, long[] Starts, long Length) Fold(
        Tensor values, int dimension, long[] starts, long paddedLength, long size, PaddingMode mode)
    {
        long length = values.shape[dimension], interior = paddedLength - (2 * size);
        (long[] firsts, long common) = Folded(starts, length, paddedLength, size, mode);
        if (starts.All(s => s >= size && s + length <= size + interior))
        {
            return (values, firsts, common);
        }

        long[] shape = [.. values.shape];
        shape[dimension] = common;
        Tensor folded = zeros(shape, values.dtype, values.device);
        if (starts.All(s => s == starts[0]))
        {
            FoldInto(folded, firsts[0], values, dimension, starts[0], interior, size, mode);
            return (folded, firsts, common);
        }

        for (int k = 0; k < starts.Length; k++)
        {
            FoldInto(folded.narrow(0, k, 1), firsts[k], values.narrow(0, k, 1), dimension, starts[k], interior, size, mode);
        }

        return (folded, firsts, common);
    }

    /// <summary>
    /// Adds the fold of <paramref name="values"/> (over padded cells from <paramref name="start"/>) into
    /// <paramref name="target"/> (over unpadded cells from <paramref name="targetStart"/>, holding all it reaches).
    /// </summary>
    private static void FoldInto(Tensor target, long targetStart, Tensor values, int dimension, long start, long interior, long size, PaddingMode mode)
    {
        long end = start + values.shape[dimension];
        long interiorStart = Math.Max(start, size), interiorEnd = Math.Min(end, size + interior);
        if (interiorStart < interiorEnd)
        {
            target.narrow(dimension, interiorStart - size - targetStart, interiorEnd - interiorStart)
                .add_(values.narrow(dimension, interiorStart - start, interiorEnd - interiorStart), KeptScalars.One);
        }

        for (long padded = start; padded < end; padded++)
        {
            if (padded < interiorStart || padded >= interiorEnd)
            {
                long source = Source(padded, size, interior, mode);
                target.narrow(dimension, source - targetStart, 1).add_(values.narrow(dimension, padded - start, 1), KeptScalars.One);
            }
        }
    }

    /// <summary>
    /// Where <see cref="Fold(Tensor, int, long[], long, long, PaddingMode)"/> puts relevance over padded cells
    /// [<paramref name="starts"/>[k], starts[k] + <paramref name="length"/>): windows of one length on the unpadded
    /// axis (the longest any selection reaches), each holding what its selection reaches, and their starts.
    /// </summary>
    private static (long[] Starts, long Length) Folded(long[] starts, long length, long paddedLength, long size, PaddingMode mode)
    {
        long interior = paddedLength - (2 * size);
        (long First, long Count)[] reached = [.. starts.Select(s => Folded(s, length, paddedLength, size, mode))];
        long common = reached.Max(r => r.Count);
        return ([.. reached.Select(r => Math.Min(r.First, interior - common))], common);
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
