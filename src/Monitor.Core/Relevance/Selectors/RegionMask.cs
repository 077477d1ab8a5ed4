using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Relevance.Selectors;

/// <summary>Cell masks <c>[lat, lon]</c> on a grid, for selectors.</summary>
public static class RegionMask
{
    /// <summary>
    /// The cells whose centres lie in [lat0, lat1] × [lon0, lon1] (degrees; either order of the latitudes). Longitudes
    /// are compared on the circle, so lon0 &gt; lon1 crosses the date line or the Greenwich meridian (e.g. 350, 10).
    /// </summary>
    /// <exception cref="ArgumentException">No cell centre lies in the box; the message names the box and the grid.</exception>
    public static bool[] Box(GridSpec grid, double lat0, double lat1, double lon0, double lon1)
    {
        ArgumentNullException.ThrowIfNull(grid);
        (double south, double north) = lat0 <= lat1 ? (lat0, lat1) : (lat1, lat0);
        double west = Wrap(lon0), span = Wrap(lon1 - lon0);
        if (span == 0 && lon1 != lon0)
        {
            span = 360;
        }

        var mask = new bool[grid.CellCount];
        int inside = 0;
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            double lat = grid.Latitude(r);
            if (lat < south - GridSpec.AngleTolerance || lat > north + GridSpec.AngleTolerance)
            {
                continue;
            }

            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                if (Wrap(grid.Longitude(c) - west) <= span + GridSpec.AngleTolerance)
                {
                    mask[(r * grid.LongitudeCount) + c] = true;
                    inside++;
                }
            }
        }

        return inside > 0
            ? mask
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The region {lat0},{lat1},{lon0},{lon1} contains no cell centre of the grid {grid}."));
    }

    /// <summary>The nearest cell (great-circle distance) to a point, as (row, column).</summary>
    /// <exception cref="ArgumentException">The point lies more than one cell outside a regional grid.</exception>
    public static (int Row, int Column) NearestCell(GridSpec grid, double latitude, double longitude)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int row = (int)Math.Round((grid.FirstLatitude - latitude) / grid.LatitudeStep);
        // Degrees east of the first column: 0…360 on a global grid, −180…180 on a regional one (a point half a cell west
        // of its first column is −0.5 cells away, not 359.5° east).
        double east = GridSpec.NormalizeLongitude(longitude - grid.FirstLongitude,
            grid.IsGlobalWrap ? LongitudeConvention.ZeroTo360 : LongitudeConvention.Minus180To180);
        int column = (int)Math.Round(east / grid.LongitudeStep);
        if (grid.IsGlobalWrap)
        {
            column %= grid.LongitudeCount;
        }

        if (row < -1 || row > grid.LatitudeCount || column < -1 || column > grid.LongitudeCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The point {latitude},{longitude} lies outside the grid {grid}."));
        }

        return (Math.Clamp(row, 0, grid.LatitudeCount - 1), Math.Clamp(column, 0, grid.LongitudeCount - 1));
    }

    /// <summary>A mask with the single cell (row, column).</summary>
    public static bool[] Cell(GridSpec grid, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, grid.LatitudeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, grid.LongitudeCount);
        var mask = new bool[grid.CellCount];
        mask[(row * grid.LongitudeCount) + column] = true;
        return mask;
    }

    /// <summary>
    /// Each cell's area, <c>[lat, lon]</c> (km², <see cref="GridSpec.CellAreaKm2"/>: proportional to sin φ_north − sin φ_south
    /// of its latitude band, which is Δφ·cos φ to second order and stays positive in a row centred on a pole). Selectors
    /// weight cells by it, so a polar cell counts for the area it covers.
    /// </summary>
    public static float[] AreaWeights(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var weights = new float[grid.CellCount];
        for (int row = 0; row < grid.LatitudeCount; row++)
        {
            weights.AsSpan(row * grid.LongitudeCount, grid.LongitudeCount).Fill((float)grid.CellAreaKm2(row));
        }

        return weights;
    }

    /// <summary>Longitude difference mapped to [0, 360).</summary>
    private static double Wrap(double degrees)
    {
        double wrapped = degrees % 360.0;
        return wrapped < 0 ? wrapped + 360.0 : wrapped;
    }
}
