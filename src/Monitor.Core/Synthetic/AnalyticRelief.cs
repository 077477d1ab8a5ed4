using Monitor.Core.Grids;

namespace Monitor.Core.Synthetic;

/// <summary>
/// A stand-in geography for when no ETOPO file is available: about two dozen elliptical continents placed roughly
/// where the real ones are (plus an Antarctic cap), with soft coasts, and Gaussian mountain ranges and ice sheets on
/// top (Tibet and the Himalaya, Rockies, Andes, Alps, Ethiopian highlands, Caucasus, Greenland, Antarctica). About
/// 31 % of the globe is land. Plausible for exercising the pipeline; not a map.
/// </summary>
public static class AnalyticRelief
{
    /// <summary>Land: (centre °N, centre °E, north–south half-axis °, east–west half-axis in ° of arc).</summary>
    private static readonly Ellipse[] s_continents =
    [
        new(50, -100, 18, 30), new(25, -102, 9, 9), new(15, -88, 6, 5), new(72, -42, 10, 7), new(65, -150, 6, 14),
        new(-8, -60, 16, 16), new(-32, -66, 14, 7),
        new(50, 20, 10, 22), new(63, 18, 6, 8), new(54, -3, 4, 3),
        new(15, 12, 14, 28), new(-12, 26, 16, 14), new(-19, 47, 6, 3), new(25, 46, 8, 9),
        new(55, 95, 18, 50), new(35, 100, 12, 25), new(21, 79, 10, 8), new(13, 103, 7, 6), new(62, 140, 10, 30), new(36, 138, 5, 4),
        new(-25, 134, 10, 18), new(-1, 115, 5, 10), new(-5, 140, 3, 8), new(-42, 172, 5, 3),
    ];

    /// <summary>Mountain ranges and ice sheets: an ellipse and its peak height (m).</summary>
    private static readonly (Ellipse Shape, double HeightM)[] s_mountains =
    [
        (new(32, 88, 5, 14), 4500), (new(30, 75, 3, 6), 3000), (new(44, -112, 10, 5), 1800), (new(60, -135, 6, 6), 1200),
        (new(-18, -68, 24, 2.5), 3500), (new(46.5, 10, 1.2, 3.5), 1800), (new(9, 39, 4, 4), 1800), (new(73, -40, 7, 6), 2400),
        (new(40, 45, 3, 8), 1500), (new(-23, 24, 10, 10), 1000),
    ];

    private const double AntarcticCapDeg = 24;        // land south of 66°S
    private const double AntarcticDomeM = 2800;       // ice-sheet height at the pole
    private const double AntarcticDomeScaleDeg = 14;
    private const double LowlandM = 200;              // a gentle rise towards continental interiors
    private const double CoastWidth = 0.2;            // soft coast, in units of the ellipse radius

    /// <summary>
    /// Orography (m, 0 over sea) and land fraction on <paramref name="grid"/>, each cell averaged (area-weighted) over
    /// up to 8 × 8 sample points so that coarse grids get fractional coasts.
    /// </summary>
    public static StaticFields Build(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        int perLat = SamplesPerSide(grid.LatitudeStep), perLon = SamplesPerSide(grid.LongitudeStep);
        var orography = new float[grid.CellCount];
        var mask = new float[grid.CellCount];
        for (int r = 0; r < grid.LatitudeCount; r++)
        {
            for (int c = 0; c < grid.LongitudeCount; c++)
            {
                double weights = 0, land = 0, height = 0;
                for (int a = 0; a < perLat; a++)
                {
                    double lat = Math.Clamp(grid.Latitude(r) + (grid.LatitudeStep * (((a + 0.5) / perLat) - 0.5)), -90, 90);
                    double w = Math.Cos(lat * Math.PI / 180) + 1e-9;
                    for (int b = 0; b < perLon; b++)
                    {
                        double lon = grid.Longitude(c) + (grid.LongitudeStep * (((b + 0.5) / perLon) - 0.5));
                        (double pointLand, double pointHeight) = At(lat, lon);
                        weights += w;
                        land += w * pointLand;
                        height += w * pointHeight;
                    }
                }

                int cell = (r * grid.LongitudeCount) + c;
                mask[cell] = (float)(land / weights);
                orography[cell] = (float)(height / weights);
            }
        }

        return new StaticFields(grid, orography, mask).Validate();
    }

    /// <summary>Land fraction (0–1) and surface height (m, 0 over sea) at one point.</summary>
    private static (double Land, double HeightM) At(double lat, double lon)
    {
        double radius = (lat + 90) / AntarcticCapDeg;
        foreach (Ellipse continent in s_continents)
        {
            radius = Math.Min(radius, continent.Radius(lat, lon));
        }

        double land = Math.Clamp((1 + (CoastWidth / 2) - radius) / CoastWidth, 0, 1);
        double height = LowlandM * Math.Exp(-radius * radius);
        foreach ((Ellipse shape, double peak) in s_mountains)
        {
            double e = shape.Radius(lat, lon);
            height += peak * Math.Exp(-e * e);
        }

        double polar = (lat + 90) / AntarcticDomeScaleDeg;
        height += AntarcticDomeM * Math.Exp(-polar * polar);
        return (land, land * height);
    }

    private static int SamplesPerSide(double step) => Math.Clamp((int)Math.Ceiling(step / 0.5), 1, 8);

    /// <summary>An ellipse on the sphere, in degrees; east–west distances shrink with the cosine of its centre latitude.</summary>
    private readonly record struct Ellipse(double Latitude, double Longitude, double NorthSouth, double EastWest)
    {
        /// <summary>0 at the centre, 1 on the outline.</summary>
        public double Radius(double lat, double lon)
        {
            double dLon = ((((lon - Longitude + 180) % 360) + 360) % 360) - 180;
            double x = dLon * Math.Cos(Latitude * Math.PI / 180) / EastWest, y = (lat - Latitude) / NorthSouth;
            return Math.Sqrt((x * x) + (y * y));
        }
    }
}
