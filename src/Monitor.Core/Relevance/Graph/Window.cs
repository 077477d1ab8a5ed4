using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// A rectangle of a value's grid, rows [<see cref="Top"/>, Top + <see cref="Rows"/>) and columns [<see cref="Left"/>,
/// Left + <see cref="Columns"/>), in the value's own coordinates (a padded value's include the padding). The backward
/// pass of a <see cref="RelevanceGraph"/> carries relevance only over the window where it can be non-zero: one region's
/// relevance reaches, layer by layer, no further than the receptive field of the region, so the rules run on that
/// window of each value instead of the whole grid, with the same result.
/// </summary>
internal readonly record struct Window(long Top, long Left, long Rows, long Columns)
{
    /// <summary>Cells covered.</summary>
    public long Area => Rows * Columns;

    /// <summary>The whole grid of <paramref name="value"/> <c>[B, C, H, W]</c>.</summary>
    public static Window Whole(Tensor value) => new(0, 0, value.shape[2], value.shape[3]);

    /// <summary>The smallest window holding both.</summary>
    public Window Union(Window other)
    {
        long top = Math.Min(Top, other.Top), left = Math.Min(Left, other.Left);
        long bottom = Math.Max(Top + Rows, other.Top + other.Rows), right = Math.Max(Left + Columns, other.Left + other.Columns);
        return new Window(top, left, bottom - top, right - left);
    }

    /// <summary>Whether this is the whole grid of <paramref name="value"/>.</summary>
    public bool Covers(Tensor value) => Top == 0 && Left == 0 && Rows == value.shape[2] && Columns == value.shape[3];

    /// <summary>This window of <paramref name="value"/> <c>[B, C, H, W]</c> (a view; the value itself when whole).</summary>
    public Tensor Of(Tensor value) => Covers(value) ? value : value.narrow(2, Top, Rows).narrow(3, Left, Columns);

    /// <summary>
    /// <paramref name="inner"/>'s values <c>[K, C, rows, columns]</c> placed in this window (which contains
    /// <paramref name="innerWindow"/>), zero elsewhere.
    /// </summary>
    public Tensor Embed(Tensor inner, Window innerWindow)
    {
        if (innerWindow == this)
        {
            return inner;
        }

        Tensor result = zeros([inner.shape[0], inner.shape[1], Rows, Columns], inner.dtype, inner.device);
        result.narrow(2, innerWindow.Top - Top, innerWindow.Rows).narrow(3, innerWindow.Left - Left, innerWindow.Columns)
            .add_(inner, KeptScalars.One);
        return result;
    }

    /// <summary>
    /// The smallest window holding every non-zero of <paramref name="relevance"/> <c>[K, C, H, W]</c> over all K and C;
    /// null when all are zero.
    /// </summary>
    public static Window? Support(Tensor relevance)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor nonZero = relevance.ne(zeros(1, relevance.dtype, relevance.device)).any(0).any(0);
        long? first(Tensor line) => line.any().item<bool>() ? line.to(int64).argmax().item<long>() : null;
        long? last(Tensor line) => line.any().item<bool>() ? line.shape[0] - 1 - line.flip(0).to(int64).argmax().item<long>() : null;
        Tensor rows = nonZero.any(1), columns = nonZero.any(0);
        long? top = first(rows), left = first(columns);
        return top is null || left is null ? null : new Window(top.Value, left.Value, last(rows)!.Value - top.Value + 1, last(columns)!.Value - left.Value + 1);
    }
}

/// <summary>Relevance over a <see cref="Window"/> of a value, <c>[K, C, rows, columns]</c>; zero outside the window.</summary>
internal sealed record WindowedRelevance(Tensor Values, Window Window)
{
    /// <summary>The sum of two relevances of one value, over the union of their windows.</summary>
    public WindowedRelevance Add(WindowedRelevance other)
    {
        if (other.Window == Window)
        {
            return new WindowedRelevance(Values.add(other.Values, KeptScalars.One), Window);
        }

        Window union = Window.Union(other.Window);
        Tensor sum = union.Embed(Values, Window);
        if (ReferenceEquals(sum, Values))
        {
            sum = Values.clone();
        }

        sum.narrow(2, other.Window.Top - union.Top, other.Window.Rows).narrow(3, other.Window.Left - union.Left, other.Window.Columns)
            .add_(other.Values, KeptScalars.One);
        return new WindowedRelevance(sum, union);
    }

    /// <summary>This relevance over <paramref name="larger"/>, which contains its window.</summary>
    public Tensor Over(Window larger) => larger.Embed(Values, Window);
}
