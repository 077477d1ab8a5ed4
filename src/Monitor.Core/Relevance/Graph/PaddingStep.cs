using Monitor.Core.Relevance.Rules;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// Geographic padding (circular, reflect or replicate), by the same number of cells on every side (<c>GeoPad</c>)
/// or by margins that depend on the grid and differ per side (a U-Net's padding to multiples of 2^depth). Each padded
/// cell is a copy of a source cell, so its relevance is folded back onto that source (the adjoint of the padding,
/// written out per mode): relevance is conserved and lands where the information came from — across the date line for
/// circular padding, inside the domain for reflect and replicate.
/// </summary>
internal sealed class PaddingStep : GraphStep
{
    private readonly Func<Tensor, Tensor> _pad;
    private readonly Func<long, long, GridMargins> _margins;
    private readonly PaddingMode _latitude;
    private readonly PaddingMode _longitude;

    /// <param name="input">Slot of the unpadded value.</param>
    /// <param name="output">Slot of the padded value.</param>
    /// <param name="size">Cells added on every side.</param>
    /// <param name="latitude">How rows are padded.</param>
    /// <param name="longitude">How columns are padded.</param>
    /// <param name="pad">The network's own padding (the forward map).</param>
    public PaddingStep(int input, int output, long size, PaddingMode latitude, PaddingMode longitude, Func<Tensor, Tensor> pad)
        : this(input, output, (_, _) => GridMargins.Uniform(size), latitude, longitude, pad)
    {
    }

    /// <param name="input">Slot of the unpadded value.</param>
    /// <param name="output">Slot of the padded value.</param>
    /// <param name="margins">The cells added on each side of an unpadded grid of the given rows and columns.</param>
    /// <param name="latitude">How rows are padded.</param>
    /// <param name="longitude">How columns are padded.</param>
    /// <param name="pad">The network's own padding (the forward map).</param>
    public PaddingStep(int input, int output, Func<long, long, GridMargins> margins, PaddingMode latitude, PaddingMode longitude, Func<Tensor, Tensor> pad)
        : base([input], output)
    {
        _margins = margins;
        _latitude = latitude;
        _longitude = longitude;
        _pad = pad;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => _pad(inputs[0]);

    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
    {
        Windows windows = relevance.Windows, folded = Reach(inputs, output, windows)[0];
        GridMargins margins = _margins(inputs[0].shape[2], inputs[0].shape[3]);
        long interiorRows = inputs[0].shape[2], interiorColumns = inputs[0].shape[3];
        if (Enumerable.Range(0, windows.Count).All(k => Inside(windows[k], margins, interiorRows, interiorColumns)))
        {
            // Interior cells only: the relevance stays as it is and its windows move by the padding.
            return [new WindowedRelevance(relevance.Values, folded)];
        }

        Tensor values = relevance.Values.contiguous();
        Tensor result = empty([values.shape[0], values.shape[1], folded.Rows, folded.Columns], values.dtype, values.device);
        if (windows.Shared && folded.Shared)
        {
            (int[] rows, int[] columns) = Targets(windows[0], folded[0], margins, interiorRows, interiorColumns);
            FusedKernels.ScatterAdd(values, result, rows, columns);
        }
        else
        {
            for (int k = 0; k < windows.Count; k++)
            {
                (int[] rows, int[] columns) = Targets(windows[k], folded[k], margins, interiorRows, interiorColumns);
                FusedKernels.ScatterAdd(values.narrow(0, k, 1), result.narrow(0, k, 1), rows, columns);
            }
        }

        return [new WindowedRelevance(result, folded)];
    }

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows)
    {
        int count = windows.Count;
        long rows = inputs[0].shape[2], columns = inputs[0].shape[3];
        GridMargins margins = _margins(rows, columns);
        (long[] tops, long height) = Folded([.. Enumerable.Range(0, count).Select(k => windows[k].Top)], windows.Rows, rows, margins.Top, _latitude);
        (long[] lefts, long width) = Folded([.. Enumerable.Range(0, count).Select(k => windows[k].Left)], windows.Columns, columns, margins.Left, _longitude);
        return [Windows.At(height, width, [.. tops.Zip(lefts)])];
    }

    private static bool Inside(Window padded, GridMargins margins, long rows, long columns)
        => padded.Top >= margins.Top && padded.Top + padded.Rows <= margins.Top + rows
        && padded.Left >= margins.Left && padded.Left + padded.Columns <= margins.Left + columns;

    /// <summary>For each row and column of the padded window, the row or column of the unpadded window it folds onto.</summary>
    private (int[] Rows, int[] Columns) Targets(Window padded, Window unpadded, GridMargins margins, long rows, long columns)
    {
        static int[] Axis(long start, long length, long first, long before, long interior, PaddingMode mode) =>
            [.. Enumerable.Range(0, (int)length).Select(i =>
            {
                long cell = start + i;
                return (int)((cell >= before && cell < before + interior ? cell - before : Source(cell, before, interior, mode)) - first);
            })];

        return (Axis(padded.Top, padded.Rows, unpadded.Top, margins.Top, rows, _latitude),
            Axis(padded.Left, padded.Columns, unpadded.Left, margins.Left, columns, _longitude));
    }

    /// <summary>
    /// Where <see cref="Backward"/> puts relevance over padded cells
    /// [<paramref name="starts"/>[k], starts[k] + <paramref name="length"/>) of an axis of <paramref name="interior"/>
    /// cells padded by <paramref name="before"/> cells before them: windows of one length on the unpadded axis (the
    /// longest any selection reaches), each holding what its selection reaches, and their starts.
    /// </summary>
    private static (long[] Starts, long Length) Folded(long[] starts, long length, long interior, long before, PaddingMode mode)
    {
        (long First, long Count)[] reached = [.. starts.Select(s => Folded(s, length, interior, before, mode))];
        long common = reached.Max(r => r.Count);
        return ([.. reached.Select(r => Math.Min(r.First, interior - common))], common);
    }

    /// <summary>
    /// The unpadded cells that padded cells [<paramref name="start"/>, start + <paramref name="length"/>) come from, as
    /// start and count: the interior cells shifted, plus the sources of padded ones (near the same end for reflect and
    /// replicate, the far end for circular).
    /// </summary>
    private static (long Start, long Length) Folded(long start, long length, long interior, long before, PaddingMode mode)
    {
        long end = start + length;
        long interiorStart = Math.Max(start, before), interiorEnd = Math.Min(end, before + interior);
        long first = interiorStart < interiorEnd ? interiorStart - before : long.MaxValue;
        long last = interiorStart < interiorEnd ? interiorEnd - before : long.MinValue;
        for (long padded = start; padded < end; padded++)
        {
            if (padded < interiorStart || padded >= interiorEnd)
            {
                long source = Source(padded, before, interior, mode);
                first = Math.Min(first, source);
                last = Math.Max(last, source + 1);
            }
        }

        return (first, last - first);
    }

    /// <summary>
    /// The unpadded cell that padded cell <paramref name="padded"/> (outside the interior of <paramref name="length"/>
    /// cells, which <paramref name="before"/> padded cells precede) copies.
    /// </summary>
    private static long Source(long padded, long before, long length, PaddingMode mode)
    {
        bool ahead = padded < before;
        long i = ahead ? padded : padded - before - length;
        return (mode, ahead) switch
        {
            (PaddingMode.Circular, true) => length - before + i,
            (PaddingMode.Circular, false) => i,
            (PaddingMode.Reflect, true) => before - i,
            (PaddingMode.Reflect, false) => length - 2 - i,
            (_, true) => 0,
            _ => length - 1,
        };
    }
}
