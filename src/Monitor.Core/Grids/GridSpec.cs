using System.Globalization;
using System.Text.Json.Serialization;

namespace Monitor.Core.Grids;

/// <summary>
/// A regular latitude/longitude grid. Rows run north → south (row 0 is the northernmost latitude), columns run
/// west → east. Angles in degrees; cell areas in km².
/// </summary>
/// <param name="FirstLatitude">Latitude of row 0, the northernmost row (°N).</param>
/// <param name="LatitudeStep">Spacing between rows (°, positive; rows go south).</param>
/// <param name="LatitudeCount">Number of rows.</param>
/// <param name="FirstLongitude">Longitude of column 0 (°E), in either convention.</param>
/// <param name="LongitudeStep">Spacing between columns (°, positive; columns go east).</param>
/// <param name="LongitudeCount">Number of columns.</param>
public sealed record GridSpec(
    double FirstLatitude,
    double LatitudeStep,
    int LatitudeCount,
    double FirstLongitude,
    double LongitudeStep,
    int LongitudeCount)
{
    /// <summary>Mean Earth radius (km), IUGG.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Tolerance (°) when comparing axis values and spacings.</summary>
    public const double AngleTolerance = 1e-4;

    /// <summary>Number of cells (rows × columns).</summary>
    [JsonIgnore]
    public int CellCount => LatitudeCount * LongitudeCount;

    /// <summary>Latitude of the southernmost row (°N).</summary>
    [JsonIgnore]
    public double LastLatitude => FirstLatitude - ((LatitudeCount - 1) * LatitudeStep);

    /// <summary>Longitude of the easternmost column (°E).</summary>
    [JsonIgnore]
    public double LastLongitude => FirstLongitude + ((LongitudeCount - 1) * LongitudeStep);

    /// <summary>True when the columns cover the full circle, so column 0 neighbours the last column.</summary>
    [JsonIgnore]
    public bool IsGlobalWrap => Math.Abs((LongitudeCount * LongitudeStep) - 360.0) < AngleTolerance * LongitudeCount;

    /// <summary>The longitude convention the columns are numbered in.</summary>
    [JsonIgnore]
    public LongitudeConvention Convention => FirstLongitude < 0 ? LongitudeConvention.Minus180To180 : LongitudeConvention.ZeroTo360;

    /// <summary>Latitude of row <paramref name="row"/> (°N).</summary>
    public double Latitude(int row) => FirstLatitude - (row * LatitudeStep);

    /// <summary>Longitude of column <paramref name="column"/> (°E).</summary>
    public double Longitude(int column) => FirstLongitude + (column * LongitudeStep);

    /// <summary>All row latitudes, north → south (°N).</summary>
    public double[] Latitudes() => Enumerable.Range(0, LatitudeCount).Select(Latitude).ToArray();

    /// <summary>All column longitudes, west → east (°E).</summary>
    public double[] Longitudes() => Enumerable.Range(0, LongitudeCount).Select(Longitude).ToArray();

    /// <summary>
    /// Area of one cell of row <paramref name="row"/> (km²): R²·Δλ·|sin φ_n − sin φ_s| with the cell's edges half a
    /// step either side of its centre, clipped at the poles, so that a global grid sums to 4πR².
    /// </summary>
    public double CellAreaKm2(int row)
    {
        double centre = Latitude(row);
        double north = Math.Min(90.0, centre + (LatitudeStep / 2));
        double south = Math.Max(-90.0, centre - (LatitudeStep / 2));
        double dLambda = LongitudeStep * Math.PI / 180.0;
        return EarthRadiusKm * EarthRadiusKm * dLambda *
               Math.Abs(Math.Sin(north * Math.PI / 180.0) - Math.Sin(south * Math.PI / 180.0));
    }

    /// <summary>Cell areas per row, north → south (km²).</summary>
    public double[] CellAreasKm2() => Enumerable.Range(0, LatitudeCount).Select(CellAreaKm2).ToArray();

    /// <summary>Whether two grids have the same axes within <see cref="AngleTolerance"/> (longitudes compared modulo 360).</summary>
    public bool Matches(GridSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return LatitudeCount == other.LatitudeCount && LongitudeCount == other.LongitudeCount &&
               Near(FirstLatitude, other.FirstLatitude) && Near(LatitudeStep, other.LatitudeStep) &&
               Near(LongitudeStep, other.LongitudeStep) && Near(NormalizeLongitude(FirstLongitude, LongitudeConvention.ZeroTo360),
                   NormalizeLongitude(other.FirstLongitude, LongitudeConvention.ZeroTo360));
    }

    /// <summary>Checks the spec is usable; throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public GridSpec Validate()
    {
        if (LatitudeCount < 1 || LongitudeCount < 1)
        {
            throw new ArgumentException($"Grid needs at least one row and column, got {LatitudeCount}×{LongitudeCount}.");
        }

        if ((LatitudeCount > 1 && !(LatitudeStep > 0)) || (LongitudeCount > 1 && !(LongitudeStep > 0)))
        {
            throw new ArgumentException($"Grid steps must be positive, got Δlat={LatitudeStep}, Δlon={LongitudeStep}.");
        }

        if (FirstLatitude > 90 + AngleTolerance || LastLatitude < -90 - AngleTolerance)
        {
            throw new ArgumentException($"Grid latitudes {FirstLatitude}..{LastLatitude} leave [−90, 90].");
        }

        if (LongitudeCount * LongitudeStep > 360 + (AngleTolerance * LongitudeCount))
        {
            throw new ArgumentException($"Grid longitudes cover {LongitudeCount * LongitudeStep}°, more than 360°.");
        }

        return this;
    }

    /// <summary>
    /// Builds a grid from coordinate axes in any order (latitude may run south → north). Throws
    /// <see cref="ArgumentException"/> when an axis is not regular.
    /// </summary>
    /// <param name="latitudes">Latitude axis (°N), monotonic.</param>
    /// <param name="longitudes">Longitude axis (°E), increasing; values may wrap past 360 or 180.</param>
    /// <param name="latitudeFlipped">True when the given latitudes run south → north, so rows must be reversed.</param>
    public static GridSpec FromAxes(IReadOnlyList<double> latitudes, IReadOnlyList<double> longitudes, out bool latitudeFlipped)
    {
        ArgumentNullException.ThrowIfNull(latitudes);
        ArgumentNullException.ThrowIfNull(longitudes);
        if (latitudes.Count == 0 || longitudes.Count == 0)
        {
            throw new ArgumentException("Coordinate axes must not be empty.");
        }

        double latStep = RegularStep(latitudes, "latitude");
        latitudeFlipped = latStep > 0;
        double north = latitudeFlipped ? latitudes[^1] : latitudes[0];

        double[] lons = UnwrapLongitudes(longitudes);
        double lonStep = RegularStep(lons, "longitude");
        if (lons.Length > 1 && lonStep <= 0)
        {
            throw new ArgumentException("The longitude axis must increase (west → east).");
        }

        return new GridSpec(north, Math.Abs(latStep), latitudes.Count, lons[0], Math.Abs(lonStep), lons.Length).Validate();
    }

    /// <summary>Maps a longitude into the given convention (°E).</summary>
    public static double NormalizeLongitude(double longitude, LongitudeConvention convention)
    {
        return convention switch
        {
            LongitudeConvention.ZeroTo360 => Mod(longitude, 360.0),
            LongitudeConvention.Minus180To180 => Mod(longitude + 180.0, 360.0) - 180.0,
            _ => longitude,
        };
    }

    /// <summary>Short human-readable description, e.g. "32×64 regular 5.625°, 87.19..-87.19°N, 0..354.38°E, global".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string res = Near(LatitudeStep, LongitudeStep) ? $"{LatitudeStep.ToString("0.####", c)}°" :
            $"{LatitudeStep.ToString("0.####", c)}°×{LongitudeStep.ToString("0.####", c)}°";
        return $"{LatitudeCount}×{LongitudeCount} regular {res}, {FirstLatitude.ToString("0.###", c)}..{LastLatitude.ToString("0.###", c)}°N, " +
               $"{FirstLongitude.ToString("0.###", c)}..{LastLongitude.ToString("0.###", c)}°E{(IsGlobalWrap ? ", global" : "")}";
    }

    private static double RegularStep(IReadOnlyList<double> axis, string name)
    {
        if (axis.Count < 2)
        {
            return 0;
        }

        double step = (axis[^1] - axis[0]) / (axis.Count - 1);
        for (int i = 1; i < axis.Count; i++)
        {
            double d = axis[i] - axis[i - 1];
            if (Math.Abs(d - step) > Math.Max(AngleTolerance, Math.Abs(step) * 1e-3))
            {
                throw new ArgumentException(
                    $"The {name} axis is not regular: step {d.ToString(CultureInfo.InvariantCulture)} at index {i}, " +
                    $"mean step {step.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return step;
    }

    private static double[] UnwrapLongitudes(IReadOnlyList<double> longitudes)
    {
        // A 0..360 axis stored as e.g. 180..359, 0..179 (or a −180..180 axis crossing the dateline) is made monotonic.
        var result = new double[longitudes.Count];
        result[0] = longitudes[0];
        for (int i = 1; i < result.Length; i++)
        {
            double value = longitudes[i];
            while (value < result[i - 1] - AngleTolerance)
            {
                value += 360.0;
            }

            result[i] = value;
        }

        return result;
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < AngleTolerance;

    private static double Mod(double x, double m) => ((x % m) + m) % m;
}
