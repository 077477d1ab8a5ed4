using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// A planted extreme event: what, when, where (a moving circle: centre track and radius), how strong, driven by what.
/// Its mask at a time is every cell within <see cref="RadiusKm"/> (great-circle) of the centre; inside, the planted
/// signal has the shape exp(−d²/2σ²) with σ = R/2, times a sin² envelope over the event's life.
/// </summary>
/// <param name="Id">Number of the event in the archive.</param>
/// <param name="Kind">What kind of extreme.</param>
/// <param name="Start">First time (UTC).</param>
/// <param name="End">Last time (UTC).</param>
/// <param name="Track">Centre positions, 6-hourly from start to end.</param>
/// <param name="RadiusKm">Radius of the mask (km).</param>
/// <param name="Intensity">Peak signal: K (heat wave, advected warmth of a warm spell), Pa of central pressure deficit (wind storm), mm h⁻¹ of added rain (heavy precipitation).</param>
/// <param name="Driver">The planted cause, e.g. "blocking + insolation", "warm advection".</param>
/// <param name="UnusualForPlaceAndSeason">True when the driver is not what usually causes such an extreme there and then.</param>
public sealed record PlantedEvent(
    int Id,
    EventKind Kind,
    DateTime Start,
    DateTime End,
    IReadOnlyList<TrackPoint> Track,
    double RadiusKm,
    double Intensity,
    string Driver,
    bool UnusualForPlaceAndSeason)
{
    /// <summary>True when the event is under way at <paramref name="time"/>.</summary>
    public bool IsActive(DateTime time) => time >= Start && time <= End;

    /// <summary>Centre at a time (linear between track points).</summary>
    public (double Latitude, double Longitude) CentreAt(DateTime time)
    {
        if (time <= Track[0].Time)
        {
            return (Track[0].Latitude, Track[0].Longitude);
        }

        for (int i = 1; i < Track.Count; i++)
        {
            if (time <= Track[i].Time)
            {
                double f = (time - Track[i - 1].Time).TotalHours / (Track[i].Time - Track[i - 1].Time).TotalHours;
                return (Track[i - 1].Latitude + (f * (Track[i].Latitude - Track[i - 1].Latitude)),
                        Track[i - 1].Longitude + (f * (Track[i].Longitude - Track[i - 1].Longitude)));
            }
        }

        return (Track[^1].Latitude, Track[^1].Longitude);
    }

    /// <summary>Time envelope: sin² rising from 0 at start to 1 at mid-life and back to 0 at the end.</summary>
    public double Envelope(DateTime time)
    {
        if (!IsActive(time))
        {
            return 0;
        }

        double life = Math.Max(1, (End - Start).TotalHours);
        double s = Math.Sin(Math.PI * (time - Start).TotalHours / life);
        return Math.Max(0.15, s * s);
    }

    /// <summary>The mask (true within the radius) on a grid at a time; all false when the event is not active.</summary>
    public bool[] MaskAt(GridSpec grid, DateTime time)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var mask = new bool[grid.CellCount];
        if (!IsActive(time))
        {
            return mask;
        }

        (double lat, double lon) = CentreAt(time);
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                mask[(r * grid.LongitudeCount) + c] = GreatCircle.DistanceKm(lat, lon, grid.Latitude(r), grid.Longitude(c)) <= RadiusKm;
            }
        }

        return mask;
    }
}
