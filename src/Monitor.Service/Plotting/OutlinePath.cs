using Monitor.Core.Grids;

namespace Monitor.Service.Plotting;

/// <summary>
/// An outline along cell edges as one coordinate sequence: polylines separated by NaN, which breaks a ScottPlot
/// scatter line, so one plottable draws the whole outline.
/// </summary>
/// <param name="Longitudes">X coordinates (°E), NaN between polylines.</param>
/// <param name="Latitudes">Y coordinates (°N), NaN between polylines.</param>
internal sealed record OutlinePath(double[] Longitudes, double[] Latitudes)
{
    /// <summary>The boundary between the cells for which <paramref name="inside"/> holds and the others.</summary>
    /// <param name="grid">The grid the cells belong to.</param>
    /// <param name="inside">Whether the cell with row-major index <c>row × columns + column</c> is inside.</param>
    public static OutlinePath Trace(GridSpec grid, Func<int, bool> inside)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(inside);
        int columns = grid.LongitudeCount;
        IReadOnlyList<IReadOnlyList<GridCorner>> polylines =
            CellBoundary.Trace(grid.LatitudeCount, columns, (row, column) => inside((row * columns) + column));

        var edges = new CellEdges(grid);
        var longitudes = new List<double>();
        var latitudes = new List<double>();
        foreach (IReadOnlyList<GridCorner> polyline in polylines)
        {
            if (longitudes.Count > 0)
            {
                longitudes.Add(double.NaN);
                latitudes.Add(double.NaN);
            }

            longitudes.AddRange(polyline.Select(corner => edges.Longitude(corner.Column)));
            latitudes.AddRange(polyline.Select(corner => edges.Latitude(corner.Row)));
        }

        return new OutlinePath([.. longitudes], [.. latitudes]);
    }

    /// <summary>True when there is nothing to draw.</summary>
    public bool IsEmpty => Longitudes.Length == 0;
}
