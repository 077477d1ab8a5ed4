namespace Monitor.Core.Grids;

/// <summary>Great-circle geometry on the sphere of radius <see cref="GridSpec.EarthRadiusKm"/>.</summary>
public static class GreatCircle
{
    private const double Rad = Math.PI / 180.0;

    /// <summary>Distance between two points (km), haversine formula.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        double dLat = (lat2 - lat1) * Rad, dLon = (lon2 - lon1) * Rad;
        double h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                   (Math.Cos(lat1 * Rad) * Math.Cos(lat2 * Rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * GridSpec.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The unit vector (x towards 0° E on the equator, z towards the north pole) of a point given in degrees.</summary>
    public static (double X, double Y, double Z) UnitVector(double latitude, double longitude)
    {
        double phi = latitude * Rad, lambda = longitude * Rad;
        return (Math.Cos(phi) * Math.Cos(lambda), Math.Cos(phi) * Math.Sin(lambda), Math.Sin(phi));
    }

    /// <summary>
    /// Centroid of grid cells (indices into <c>[lat, lon]</c>): the area-weighted mean of their unit vectors, back on
    /// the sphere, so it is right across the date line and near the poles. Longitude in −180…180 °E; (0, 0) for no cell.
    /// </summary>
    public static (double Latitude, double Longitude) Centroid(GridSpec grid, IEnumerable<int> cells)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(cells);
        int cols = grid.LongitudeCount;
        double x = 0, y = 0, z = 0;
        foreach (int cell in cells)
        {
            int r = cell / cols;
            double a = grid.CellAreaKm2(r);
            (double cx, double cy, double cz) = UnitVector(grid.Latitude(r), grid.Longitude(cell % cols));
            x += a * cx;
            y += a * cy;
            z += a * cz;
        }

        return (Math.Atan2(z, Math.Sqrt((x * x) + (y * y))) / Rad, Math.Atan2(y, x) / Rad);
    }
}
