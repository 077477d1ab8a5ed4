using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>Cell lookups on regular latitude/longitude grids (rows north → south).</summary>
internal static class GridCells
{
    /// <summary>Index of the cell whose centre is nearest to the point (longitude taken modulo 360).</summary>
    public static int Nearest(GridSpec grid, double latitude, double longitude)
    {
        int row = Math.Clamp((int)Math.Round((grid.FirstLatitude - latitude) / grid.LatitudeStep), 0, grid.LatitudeCount - 1);
        double dx = GridSpec.NormalizeLongitude(longitude - grid.FirstLongitude, LongitudeConvention.ZeroTo360) / grid.LongitudeStep;
        int column = (int)Math.Round(dx);
        column = grid.IsGlobalWrap ? column % grid.LongitudeCount : Math.Clamp(column, 0, grid.LongitudeCount - 1);
        return (row * grid.LongitudeCount) + column;
    }

    /// <summary>Cells whose latitude lies in [<paramref name="south"/>, <paramref name="north"/>] (°N).</summary>
    public static IEnumerable<int> InBand(GridSpec grid, double south, double north)
    {
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            double lat = grid.Latitude(r);
            if (lat >= south && lat <= north)
            {
                for (int c = 0; c < grid.LongitudeCount; c++)
                {
                    yield return (r * grid.LongitudeCount) + c;
                }
            }
        }
    }

    public static double Latitude(GridSpec grid, int cell) => grid.Latitude(cell / grid.LongitudeCount);

    public static double Longitude(GridSpec grid, int cell) => grid.Longitude(cell % grid.LongitudeCount);
}
