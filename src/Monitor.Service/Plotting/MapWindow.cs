using Monitor.Core.Grids;

namespace Monitor.Service.Plotting;

/// <summary>
/// The part of a grid a panel shows: a block of rows and a run of columns that, on a global grid, may wrap past the
/// last column back to the first, so that a region crossing the grid's longitude seam (0° on a 0…360° grid, 180° on
/// a −180…180° grid) is drawn in one piece. Its own <see cref="Grid"/> numbers the shown cells from 0 with
/// longitudes that keep increasing across the seam (e.g. 337.5…376.875°E); tick labels fold them back to 180°W…180°E.
/// </summary>
internal sealed class MapWindow
{
    /// <summary>Share of the summed |value| whose cells the window must show.</summary>
    public const double ShownShare = 0.95;

    /// <summary>Margin around what must be shown, at least (°).</summary>
    public const double MarginDegrees = 8.0;

    /// <summary>Margin around what must be shown, at least (cells).</summary>
    public const int MarginCells = 2;

    /// <summary>Narrowest window (° of longitude), so that a small region keeps some geography around it.</summary>
    public const double MinLongitudeSpan = 40.0;

    /// <summary>Shallowest window (° of latitude).</summary>
    public const double MinLatitudeSpan = 30.0;

    private readonly GridSpec _source;

    private MapWindow(GridSpec source, int firstRow, int rowCount, int firstColumn, int columnCount)
    {
        _source = source;
        FirstRow = firstRow;
        RowCount = rowCount;
        FirstColumn = firstColumn;
        ColumnCount = columnCount;
        Grid = new GridSpec(
            source.Latitude(firstRow), source.LatitudeStep, rowCount,
            source.Longitude(firstColumn), source.LongitudeStep, columnCount);
    }

    /// <summary>Row of the source grid shown first (northernmost).</summary>
    public int FirstRow { get; }

    /// <summary>Rows shown.</summary>
    public int RowCount { get; }

    /// <summary>Column of the source grid shown first (westernmost).</summary>
    public int FirstColumn { get; }

    /// <summary>Columns shown; on a global grid they continue past the last column with column 0.</summary>
    public int ColumnCount { get; }

    /// <summary>The shown cells as a grid of their own, longitudes increasing eastwards across the seam.</summary>
    public GridSpec Grid { get; }

    /// <summary>True when the window shows every cell of the source grid in its own order.</summary>
    public bool IsWholeGrid => FirstRow == 0 && RowCount == _source.LatitudeCount && FirstColumn == 0 && ColumnCount == _source.LongitudeCount;

    /// <summary>Whether the window is one of <paramref name="grid"/>'s cells.</summary>
    public bool IsOn(GridSpec grid) => _source.Matches(grid);

    /// <summary>The whole of <paramref name="grid"/>, as it is.</summary>
    public static MapWindow Whole(GridSpec grid) => new(grid, 0, grid.LatitudeCount, 0, grid.LongitudeCount);

    /// <summary>
    /// The window around the explained region and the relevance: the bounding box of the region's cells and of the
    /// fewest cells holding <see cref="ShownShare"/> of Σ |value| over all maps (the maps share their units), widened
    /// by a margin of <see cref="MarginDegrees"/> or <see cref="MarginCells"/>, whichever is more, to at least
    /// <see cref="MinLongitudeSpan"/> × <see cref="MinLatitudeSpan"/>, and clipped to the grid. On a global grid the
    /// box is the complement of the widest run of longitudes holding none of those cells, so it never splits at
    /// the seam; when it would cover every longitude, the whole circle is shown centred on the region.
    /// </summary>
    /// <param name="grid">The maps' grid.</param>
    /// <param name="region">Cells of the explained region; with none inside, only the relevance places the window.</param>
    /// <param name="maps">The fields, each <c>[lat, lon]</c> row-major; non-finite values are ignored.</param>
    public static MapWindow Around(GridSpec grid, bool[] region, IEnumerable<float[]> maps)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(maps);
        bool[] shown = RelevantCells(grid, maps);
        for (int cell = 0; cell < shown.Length; cell++)
        {
            shown[cell] |= region[cell];
        }

        if (!shown.Any(s => s))
        {
            return Whole(grid);
        }

        var edges = new CellEdges(grid);
        (int firstRow, int rowCount) = RowsAround(grid, shown, Widening(edges.LatitudeStep, MinLatitudeSpan));
        (int firstColumn, int columnCount) = ColumnsAround(grid, shown, region, Widening(edges.LongitudeStep, MinLongitudeSpan));
        return new MapWindow(grid, firstRow, rowCount, firstColumn, columnCount);
    }

    /// <summary>The values of the shown cells, <c>[lat, lon]</c> row-major on <see cref="Grid"/>.</summary>
    public T[] Crop<T>(T[] field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var cropped = new T[RowCount * ColumnCount];
        for (int row = 0; row < RowCount; row++)
        {
            for (int column = 0; column < ColumnCount; column++)
            {
                cropped[(row * ColumnCount) + column] = field[SourceCell(row, column)];
            }
        }

        return cropped;
    }

    /// <summary>
    /// <paramref name="longitude"/> (°E, either convention) as the window's axis runs: the equivalent modulo 360
    /// nearest to the window's middle.
    /// </summary>
    public double AxisLongitude(double longitude)
    {
        double middle = Grid.FirstLongitude + ((ColumnCount - 1) * Grid.LongitudeStep / 2);
        return longitude + (360 * Math.Round((middle - longitude) / 360));
    }

    /// <summary>Row-major index in the source grid of the window's cell (row, column).</summary>
    private int SourceCell(int row, int column)
    {
        int sourceColumn = (FirstColumn + column) % _source.LongitudeCount;
        return ((FirstRow + row) * _source.LongitudeCount) + sourceColumn;
    }

    /// <summary>The margin (cells) and the least extent (cells) along an axis of spacing <paramref name="step"/>.</summary>
    private static (int Margin, int MinCells) Widening(double step, double minSpan) =>
        (Math.Max(MarginCells, (int)Math.Ceiling(MarginDegrees / step)), (int)Math.Ceiling(minSpan / step));

    /// <summary>The fewest cells whose |value|, summed over the maps, hold <see cref="ShownShare"/> of the total.</summary>
    private static bool[] RelevantCells(GridSpec grid, IEnumerable<float[]> maps)
    {
        var magnitude = new double[grid.CellCount];
        foreach (float[] map in maps)
        {
            for (int cell = 0; cell < magnitude.Length; cell++)
            {
                magnitude[cell] += float.IsFinite(map[cell]) ? Math.Abs((double)map[cell]) : 0;
            }
        }

        var relevant = new bool[grid.CellCount];
        double total = magnitude.Sum(), held = 0;
        if (!(total > 0))
        {
            return relevant;
        }

        foreach (int cell in Enumerable.Range(0, magnitude.Length).OrderByDescending(c => magnitude[c]))
        {
            if (held >= ShownShare * total)
            {
                break;
            }

            relevant[cell] = true;
            held += magnitude[cell];
        }

        return relevant;
    }

    private static (int First, int Count) RowsAround(GridSpec grid, bool[] shown, (int Margin, int MinCells) widening)
    {
        int columns = grid.LongitudeCount;
        int[] rows = [.. Enumerable.Range(0, shown.Length).Where(c => shown[c]).Select(c => c / columns)];
        return Widen(rows.Min(), rows.Max(), widening, grid.LatitudeCount);
    }

    private static (int First, int Count) ColumnsAround(GridSpec grid, bool[] shown, bool[] region, (int Margin, int MinCells) widening)
    {
        int columns = grid.LongitudeCount;
        var occupied = new bool[columns];
        for (int cell = 0; cell < shown.Length; cell++)
        {
            occupied[cell % columns] |= shown[cell];
        }

        if (!grid.IsGlobalWrap)
        {
            int[] used = [.. Enumerable.Range(0, columns).Where(c => occupied[c])];
            return Widen(used.Min(), used.Max(), widening, columns);
        }

        (int gapStart, int gapLength) = WidestGap(occupied);
        int first = (gapStart + gapLength) % columns;
        int count = columns - gapLength;
        int wanted = Math.Max(count + (2 * widening.Margin), widening.MinCells);
        if (wanted >= columns)
        {
            // Every longitude is shown: put the region (or, without one, what must be shown) in the middle.
            double middle = MiddleColumn(region.Any(r => r) ? ColumnsOf(region, columns) : occupied);
            return (Modulo((int)Math.Round(middle - (columns / 2.0) + 0.5), columns), columns);
        }

        int widenWest = (wanted - count) / 2;
        return (Modulo(first - widenWest, columns), wanted);
    }

    /// <summary>[first − margin, last + margin] grown evenly to at least the least extent, kept inside 0…length − 1.</summary>
    private static (int First, int Count) Widen(int first, int last, (int Margin, int MinCells) widening, int length)
    {
        int count = Math.Min(length, Math.Max((last - first + 1) + (2 * widening.Margin), widening.MinCells));
        int start = first - ((count - (last - first + 1)) / 2);
        start = Math.Clamp(start, 0, length - count);
        return (start, count);
    }

    /// <summary>The longest circular run of unoccupied columns (start, length); (0, 0) when every column is occupied.</summary>
    private static (int Start, int Length) WidestGap(bool[] occupied)
    {
        int columns = occupied.Length;
        int bestStart = 0, bestLength = 0;
        for (int start = 0; start < columns; start++)
        {
            if (occupied[start] || !occupied[Modulo(start - 1, columns)])
            {
                continue;
            }

            int length = 0;
            while (length < columns && !occupied[(start + length) % columns])
            {
                length++;
            }

            if (length > bestLength)
            {
                (bestStart, bestLength) = (start, length);
            }
        }

        return (bestStart, bestLength);
    }

    private static bool[] ColumnsOf(bool[] cells, int columns)
    {
        var any = new bool[columns];
        for (int cell = 0; cell < cells.Length; cell++)
        {
            any[cell % columns] |= cells[cell];
        }

        return any;
    }

    /// <summary>The middle of the occupied columns, measured from the start of the widest gap's end so it never straddles the seam.</summary>
    private static double MiddleColumn(bool[] occupied)
    {
        int columns = occupied.Length;
        (int gapStart, int gapLength) = WidestGap(occupied);
        int first = (gapStart + gapLength) % columns;
        return first + ((columns - gapLength - 1) / 2.0);
    }

    private static int Modulo(int value, int modulus) => ((value % modulus) + modulus) % modulus;
}
