using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>Great-circle geometry on the sphere of radius <see cref="GridSpec.EarthRadiusKm"/>.</summary>
public static class GreatCircle
{
    /// <summary>Distance between two points (km), haversine formula.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180.0;
        double dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
        double h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                   (Math.Cos(lat1 * rad) * Math.Cos(lat2 * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * GridSpec.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
