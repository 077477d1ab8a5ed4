using static TorchSharp.torch;

namespace Monitor.Core.Transfer;

/// <summary>
/// Cells added around a <c>[B, C, lat, lon]</c> grid: <see cref="Top"/> rows before the first (northernmost) row,
/// <see cref="Bottom"/> after the last, <see cref="Left"/> columns before the first (westernmost) column,
/// <see cref="Right"/> after the last.
/// </summary>
public readonly record struct GridMargins(long Top, long Bottom, long Left, long Right)
{
    /// <summary>Whether nothing is added.</summary>
    public bool IsZero => Top == 0 && Bottom == 0 && Left == 0 && Right == 0;

    /// <summary><paramref name="size"/> cells on every side (<see cref="Modules.GeoPad"/>).</summary>
    public static GridMargins Uniform(long size) => new(size, size, size, size);

    /// <summary>
    /// The fewest cells that make <paramref name="rows"/> × <paramref name="columns"/> multiples of
    /// <paramref name="multiple"/> along both axes, split as evenly as they go (an odd one after the grid: bottom, right).
    /// </summary>
    public static GridMargins ToMultiple(long rows, long columns, long multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        long extraRows = Extra(rows, multiple), extraColumns = Extra(columns, multiple);
        return new GridMargins(extraRows / 2, extraRows - (extraRows / 2), extraColumns / 2, extraColumns - (extraColumns / 2));
    }

    /// <summary>The grid inside <paramref name="padded"/> <c>[B, C, lat, lon]</c>: these margins cut off (a view).</summary>
    public Tensor Crop(Tensor padded)
    {
        ArgumentNullException.ThrowIfNull(padded);
        return padded.narrow(2, Top, padded.shape[2] - Top - Bottom).narrow(3, Left, padded.shape[3] - Left - Right);
    }

    private static long Extra(long length, long multiple) => (multiple - (length % multiple)) % multiple;
}
