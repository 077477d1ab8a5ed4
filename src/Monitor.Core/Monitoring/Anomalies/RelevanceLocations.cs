using Monitor.Core.Grids;
using Monitor.Core.Relevance.Selectors;

namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// The places a relevance climatology keeps statistics for: bins of <see cref="BinCells"/> × <see cref="BinCells"/> grid
/// cells (row-major from the first latitude; the last row and column of bins may be smaller), then the watch regions.
/// An extreme region is compared with the bin that holds its centroid, a watch region with its own statistics.
/// </summary>
public sealed class RelevanceLocations
{
    /// <summary>Bins of <paramref name="binCells"/> cells on <paramref name="grid"/>, and <paramref name="watches"/>.</summary>
    /// <exception cref="ArgumentException">The bin size is not positive, or two watch regions share a name.</exception>
    public RelevanceLocations(GridSpec grid, int binCells, IReadOnlyList<WatchRegion> watches)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(watches);
        if (binCells < 1)
        {
            throw new ArgumentException($"A bin is at least one cell, not {binCells}.", nameof(binCells));
        }

        if (watches.GroupBy(w => w.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Two watch regions are called '{twice.Key}'.", nameof(watches));
        }

        Grid = grid;
        BinCells = binCells;
        Watches = watches;
        BinRows = (grid.LatitudeCount + binCells - 1) / binCells;
        BinColumns = (grid.LongitudeCount + binCells - 1) / binCells;
    }

    /// <summary>The grid.</summary>
    public GridSpec Grid { get; }

    /// <summary>Cells per side of a bin.</summary>
    public int BinCells { get; }

    /// <summary>Rows of bins.</summary>
    public int BinRows { get; }

    /// <summary>Columns of bins.</summary>
    public int BinColumns { get; }

    /// <summary>The watch regions, after the bins.</summary>
    public IReadOnlyList<WatchRegion> Watches { get; }

    /// <summary>Number of bins.</summary>
    public int BinCount => BinRows * BinColumns;

    /// <summary>Bins and watch regions.</summary>
    public int Count => BinCount + Watches.Count;

    /// <summary><c>bin-RR-CC</c> for a bin, the watch region's name otherwise.</summary>
    public string Name(int location) => location < BinCount
        ? $"bin-{location / BinColumns:D2}-{location % BinColumns:D2}"
        : Watches[location - BinCount].Name;

    /// <summary>The location's cells on the grid.</summary>
    public bool[] Mask(int location)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(location);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(location, Count);
        if (location >= BinCount)
        {
            return Watches[location - BinCount].Mask(Grid);
        }

        var mask = new bool[Grid.CellCount];
        (int firstRow, int firstColumn) = (location / BinColumns * BinCells, location % BinColumns * BinCells);
        for (int row = firstRow; row < Math.Min(firstRow + BinCells, Grid.LatitudeCount); row++)
        {
            for (int column = firstColumn; column < Math.Min(firstColumn + BinCells, Grid.LongitudeCount); column++)
            {
                mask[(row * Grid.LongitudeCount) + column] = true;
            }
        }

        return mask;
    }

    /// <summary>The bin holding the cell nearest to (<paramref name="latitude"/>, <paramref name="longitude"/>).</summary>
    public int BinOf(double latitude, double longitude)
    {
        (int row, int column) = RegionMask.NearestCell(Grid, latitude, longitude);
        return (row / BinCells * BinColumns) + (column / BinCells);
    }

    /// <summary>The location of the watch region called <paramref name="name"/>, or −1.</summary>
    public int WatchLocation(string name)
    {
        for (int i = 0; i < Watches.Count; i++)
        {
            if (string.Equals(Watches[i].Name, name, StringComparison.Ordinal))
            {
                return BinCount + i;
            }
        }

        return -1;
    }
}
