using System.Runtime.InteropServices;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// A rectangle of a value's grid, rows [<see cref="Top"/>, Top + <see cref="Rows"/>) and columns [<see cref="Left"/>,
/// Left + <see cref="Columns"/>), in the value's own coordinates (a padded value's include the padding).
/// </summary>
internal readonly record struct Window(long Top, long Left, long Rows, long Columns)
{
    /// <summary>The smallest window holding both.</summary>
    public Window Union(Window other)
    {
        long top = Math.Min(Top, other.Top), left = Math.Min(Left, other.Left);
        long bottom = Math.Max(Top + Rows, other.Top + other.Rows), right = Math.Max(Left + Columns, other.Left + other.Columns);
        return new Window(top, left, bottom - top, right - left);
    }

    /// <summary>
    /// Per selection k of <paramref name="relevance"/> <c>[K, C, H, W]</c>, the smallest window holding its non-zeros
    /// over all channels; null for a selection that is all zero.
    /// </summary>
    public static Window?[] Supports(Tensor relevance)
    {
        using IDisposable scope = NewDisposeScope();
        long count = relevance.shape[0], rows = relevance.shape[2], columns = relevance.shape[3];
        Tensor nonZero = relevance.ne(zeros(1, relevance.dtype, relevance.device)).any(1).contiguous();
        ReadOnlySpan<bool> flags = MemoryMarshal.Cast<byte, bool>(nonZero.bytes);
        var supports = new Window?[count];
        for (long k = 0; k < count; k++)
        {
            long top = long.MaxValue, bottom = -1, left = long.MaxValue, right = -1;
            ReadOnlySpan<bool> selection = flags.Slice((int)(k * rows * columns), (int)(rows * columns));
            for (long r = 0; r < rows; r++)
            {
                ReadOnlySpan<bool> line = selection.Slice((int)(r * columns), (int)columns);
                int first = line.IndexOf(true);
                if (first < 0)
                {
                    continue;
                }

                top = Math.Min(top, r);
                bottom = r;
                left = Math.Min(left, first);
                right = Math.Max(right, line.LastIndexOf(true));
            }

            supports[k] = bottom < 0 ? null : new Window(top, left, bottom - top + 1, right - left + 1);
        }

        return supports;
    }
}

/// <summary>
/// One window of equal size per selection (batch element) into a value's grid: the backward pass of a
/// <see cref="RelevanceGraph"/> carries each selection's relevance only over the window where it can be non-zero. A
/// region's relevance reaches, layer by layer, no further than the region's receptive field, so the rules run on that
/// window of each value instead of the whole grid, with the same result; K selections run as one batch of their K
/// windows (the largest size, each placed over its own window), so far-apart regions cost no more than near ones.
/// </summary>
internal sealed class Windows
{
    private readonly long[] _tops, _lefts;

    private Windows(long rows, long columns, long[] tops, long[] lefts)
    {
        Rows = rows;
        Columns = columns;
        _tops = tops;
        _lefts = lefts;
    }

    /// <summary>Rows of every window.</summary>
    public long Rows { get; }

    /// <summary>Columns of every window.</summary>
    public long Columns { get; }

    /// <summary>Number of windows (selections).</summary>
    public int Count => _tops.Length;

    /// <summary>Whether every selection has the same window (the values' crops are then shared, batch 1).</summary>
    public bool Shared => _tops.All(t => t == _tops[0]) && _lefts.All(l => l == _lefts[0]);

    /// <summary>Window <paramref name="k"/>.</summary>
    public Window this[int k] => new(_tops[k], _lefts[k], Rows, Columns);

    /// <summary>The whole grid of <paramref name="value"/> <c>[B, C, H, W]</c> for each of <paramref name="count"/> selections.</summary>
    public static Windows Whole(Tensor value, int count) => new(value.shape[2], value.shape[3], new long[count], new long[count]);

    /// <summary>Windows of <paramref name="rows"/> × <paramref name="columns"/> cells at the given corners.</summary>
    public static Windows At(long rows, long columns, IReadOnlyList<(long Top, long Left)> corners)
        => new(rows, columns, [.. corners.Select(c => c.Top)], [.. corners.Select(c => c.Left)]);

    /// <summary>
    /// Windows of one size, each containing its <paramref name="windows"/>[k], within a grid of
    /// <paramref name="height"/> × <paramref name="width"/>: the largest rows and columns, each moved in from the
    /// grid's far edges as needed.
    /// </summary>
    public static Windows Enclosing(IReadOnlyList<Window> windows, long height, long width)
    {
        long rows = windows.Max(w => w.Rows), columns = windows.Max(w => w.Columns);
        return new Windows(
            rows,
            columns,
            [.. windows.Select(w => Math.Min(w.Top, height - rows))],
            [.. windows.Select(w => Math.Min(w.Left, width - columns))]);
    }

    /// <summary>Whether both are the same windows.</summary>
    public bool SameAs(Windows other)
        => Rows == other.Rows && Columns == other.Columns && _tops.SequenceEqual(other._tops) && _lefts.SequenceEqual(other._lefts);

    /// <summary>
    /// The windows of <paramref name="value"/> <c>[1 or K, C, H, W]</c>: one view (batch as the value's) when they are
    /// <see cref="Shared"/> — the value itself when whole — otherwise the K crops stacked, <c>[K, C, rows, columns]</c>.
    /// </summary>
    public Tensor Of(Tensor value)
    {
        if (Shared)
        {
            return _tops[0] == 0 && _lefts[0] == 0 && Rows == value.shape[2] && Columns == value.shape[3]
                ? value
                : value.narrow(2, _tops[0], Rows).narrow(3, _lefts[0], Columns);
        }

        return cat(
            Enumerable.Range(0, Count)
                .Select(k => (value.shape[0] == 1 ? value : value.narrow(0, k, 1)).narrow(2, _tops[k], Rows).narrow(3, _lefts[k], Columns))
                .ToList(),
            0);
    }

    /// <summary>
    /// <paramref name="inner"/>'s values <c>[K, C, rows, columns]</c> over <paramref name="innerWindows"/> (each inside
    /// the matching window of these) placed in these windows, zero elsewhere.
    /// </summary>
    public Tensor Embed(Tensor inner, Windows innerWindows)
    {
        if (innerWindows.SameAs(this))
        {
            return inner;
        }

        Tensor result = zeros([inner.shape[0], inner.shape[1], Rows, Columns], inner.dtype, inner.device);
        AddInto(result, inner, innerWindows);
        return result;
    }

    /// <summary>Adds <paramref name="inner"/> over <paramref name="innerWindows"/> into <paramref name="target"/> over these windows.</summary>
    public void AddInto(Tensor target, Tensor inner, Windows innerWindows)
    {
        long[] rowOffsets = [.. innerWindows._tops.Zip(_tops, (i, o) => i - o)];
        long[] columnOffsets = [.. innerWindows._lefts.Zip(_lefts, (i, o) => i - o)];
        if (rowOffsets.All(r => r == rowOffsets[0]) && columnOffsets.All(c => c == columnOffsets[0]))
        {
            target.narrow(2, rowOffsets[0], innerWindows.Rows).narrow(3, columnOffsets[0], innerWindows.Columns).add_(inner, KeptScalars.One);
            return;
        }

        for (int k = 0; k < Count; k++)
        {
            target.narrow(0, k, 1).narrow(2, rowOffsets[k], innerWindows.Rows).narrow(3, columnOffsets[k], innerWindows.Columns)
                .add_(inner.narrow(0, k, 1), KeptScalars.One);
        }
    }

    /// <summary>Windows of <paramref name="value"/> holding, per selection, its windows here and in <paramref name="other"/>.</summary>
    public Windows Merge(Windows other, Tensor value)
        => SameAs(other) ? this : Enclosing([.. Enumerable.Range(0, Count).Select(k => this[k].Union(other[k]))], value.shape[2], value.shape[3]);
}

/// <summary>Relevance over <see cref="Windows"/> of a value, <c>[K, C, rows, columns]</c>; zero outside the windows.</summary>
internal sealed record WindowedRelevance(Tensor Values, Windows Windows)
{
    /// <summary>The sum of two relevances of <paramref name="value"/>, over windows enclosing both.</summary>
    public WindowedRelevance Add(WindowedRelevance other, Tensor value)
    {
        if (other.Windows.SameAs(Windows))
        {
            return new WindowedRelevance(Values.add(other.Values, KeptScalars.One), Windows);
        }

        Windows union = Windows.Merge(other.Windows, value);
        Tensor sum = zeros([Values.shape[0], Values.shape[1], union.Rows, union.Columns], Values.dtype, Values.device);
        union.AddInto(sum, Values, Windows);
        union.AddInto(sum, other.Values, other.Windows);
        return new WindowedRelevance(sum, union);
    }

    /// <summary>This relevance over <paramref name="larger"/>, which contains its windows.</summary>
    public Tensor Over(Windows larger) => larger.Embed(Values, Windows);
}
