using Monitor.Core.Grids;

namespace Monitor.Core.Monitoring.Anomalies;

/// <summary>
/// The most unusual core of a region's unexplained departure: over the 3 × 3-cell windows centred on the region's cells,
/// the smallest and the largest mean of the standardised unexplained departure ((departure − usual mean) / usual spread,
/// cell by cell, from <see cref="RelevanceClimatology.StandardisedDeparture"/>). A window is about the size of a
/// synoptic feature on the W1 grid (three 5.625° cells); its mean is taken over the window's cells with a value, and a
/// window needs its centre and at least <see cref="MinimumCells"/> of them. Where the region's mean dilutes a feature
/// smaller than the region (a warm spell of 800 km inside a hot region of 60 cells), its core does not
/// (docs/alerts.md, "Unexplained extremes").
/// </summary>
/// <param name="Low">The smallest window mean, usual standard deviations.</param>
/// <param name="High">The largest window mean, usual standard deviations.</param>
public sealed record UnexplainedCore(double Low, double High)
{
    /// <summary>Cells with a value a window needs (of 9; fewer at the poles and the edges of a regional grid).</summary>
    public const int MinimumCells = 5;

    /// <summary>
    /// The core over the windows centred on <paramref name="mask"/>'s cells, longitudes wrapping on a global grid; null
    /// when no window has enough values.
    /// </summary>
    public static UnexplainedCore? Of(GridSpec grid, ReadOnlySpan<float> standardised, bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(mask);
        if (standardised.Length != grid.CellCount || mask.Length != grid.CellCount)
        {
            throw new ArgumentException($"A field of {standardised.Length} and a mask of {mask.Length} cells where the grid has {grid.CellCount}.");
        }

        int rows = grid.LatitudeCount, columns = grid.LongitudeCount;
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int cell = 0; cell < mask.Length; cell++)
        {
            if (!mask[cell] || !float.IsFinite(standardised[cell]))
            {
                continue;
            }

            int row = cell / columns, column = cell % columns;
            double sum = 0;
            int count = 0;
            for (int r = Math.Max(0, row - 1); r <= Math.Min(rows - 1, row + 1); r++)
            {
                for (int dc = -1; dc <= 1; dc++)
                {
                    int c = column + dc;
                    if (grid.IsGlobalWrap)
                    {
                        c = (c + columns) % columns;
                    }
                    else if (c < 0 || c >= columns)
                    {
                        continue;
                    }

                    float value = standardised[(r * columns) + c];
                    if (float.IsFinite(value))
                    {
                        sum += value;
                        count++;
                    }
                }
            }

            if (count >= MinimumCells)
            {
                low = Math.Min(low, sum / count);
                high = Math.Max(high, sum / count);
            }
        }

        return double.IsFinite(high) ? new UnexplainedCore(low, high) : null;
    }
}
