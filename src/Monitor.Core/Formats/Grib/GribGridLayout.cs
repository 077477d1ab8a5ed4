using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Formats.Grib;

/// <summary>
/// A regular latitude/longitude GRIB grid: the <see cref="GridSpec"/> (rows north → south, columns west → east) and
/// the scanning mode that says how the message's values map onto it.
/// </summary>
/// <param name="Grid">The grid in the service's orientation.</param>
/// <param name="Ni">Points along a parallel.</param>
/// <param name="Nj">Points along a meridian.</param>
/// <param name="IScansNegatively">Values run east → west along a parallel.</param>
/// <param name="JScansPositively">Values run south → north along a meridian.</param>
/// <param name="JPointsAreConsecutive">Consecutive values run along a meridian (column-major).</param>
internal sealed record GribGridLayout(
    GridSpec Grid,
    int Ni,
    int Nj,
    bool IScansNegatively,
    bool JScansPositively,
    bool JPointsAreConsecutive)
{
    /// <summary>Tolerance (°) between a coded increment and the spacing implied by the first and last points.</summary>
    private const double IncrementTolerance = 1e-3;

    /// <summary>
    /// Reads the grid of a <c>regular_ll</c> message, or returns null with the reason when the grid cannot be read
    /// without guessing (other grid types, boustrophedon rows, contradictory scanning flags or increments).
    /// </summary>
    public static GribGridLayout? TryRead(CodesHandle handle, string gridType, out string? unsupportedReason)
    {
        if (gridType != "regular_ll")
        {
            unsupportedReason = $"gridType '{gridType}'";
            return null;
        }

        if ((handle.TryGetLong("alternativeRowScanning") ?? 0) != 0)
        {
            unsupportedReason = "gridType 'regular_ll' with alternativeRowScanning=1 (rows in alternating directions)";
            return null;
        }

        long? ni = handle.TryGetLong("Ni");
        long? nj = handle.TryGetLong("Nj");
        if (ni is not > 0 || nj is not > 0 || ni * nj > int.MaxValue)
        {
            unsupportedReason = $"gridType 'regular_ll' with Ni={Show(ni)}, Nj={Show(nj)} (not a rectangular grid)";
            return null;
        }

        bool iNegative = handle.GetLong("iScansNegatively") != 0;
        bool jPositive = handle.GetLong("jScansPositively") != 0;
        bool jConsecutive = handle.GetLong("jPointsAreConsecutive") != 0;
        double latFirst = handle.GetDouble("latitudeOfFirstGridPointInDegrees");
        double latLast = handle.GetDouble("latitudeOfLastGridPointInDegrees");
        double lonFirst = handle.GetDouble("longitudeOfFirstGridPointInDegrees");
        double lonLast = handle.GetDouble("longitudeOfLastGridPointInDegrees");
        double? iIncrement = handle.TryGetDouble("iDirectionIncrementInDegrees");
        double? jIncrement = handle.TryGetDouble("jDirectionIncrementInDegrees");
        int columns = (int)ni.Value, rows = (int)nj.Value;

        if (rows > 1 && (jPositive ? latLast <= latFirst : latLast >= latFirst))
        {
            unsupportedReason = $"jScansPositively={(jPositive ? 1 : 0)} contradicts the first and last latitudes " +
                                $"{Show(latFirst)}..{Show(latLast)}";
            return null;
        }

        double north = jPositive ? latLast : latFirst;
        double latStep = rows > 1 ? Math.Abs(latLast - latFirst) / (rows - 1) : jIncrement ?? 0;

        // Along a parallel the first point is the western end unless the values scan east → west.
        double west = iNegative ? lonLast : lonFirst;
        double east = iNegative ? lonFirst : lonLast;
        double lonStep = columns > 1 ? Modulo360(east - west) / (columns - 1) : iIncrement ?? 0;
        if (columns > 1 && lonStep <= 0)
        {
            lonStep = iIncrement ?? 0;
        }

        if (Contradicts(jIncrement, latStep, rows) || Contradicts(iIncrement, lonStep, columns))
        {
            unsupportedReason = $"coded increments {Show(iIncrement)}°×{Show(jIncrement)}° contradict the spacing " +
                                $"{Show(lonStep)}°×{Show(latStep)}° implied by the first and last grid points";
            return null;
        }

        try
        {
            var grid = new GridSpec(north, latStep, rows, west, lonStep, columns).Validate();
            unsupportedReason = null;
            return new GribGridLayout(grid, columns, rows, iNegative, jPositive, jConsecutive);
        }
        catch (ArgumentException e)
        {
            unsupportedReason = $"gridType 'regular_ll' with invalid geometry: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Reorders values from the message's scanning order into <c>[lat, lon]</c> rows north → south, columns west → east,
    /// converting with canonical = value × <paramref name="scale"/> + <paramref name="offset"/> and turning
    /// <paramref name="missing"/> into NaN.
    /// </summary>
    public float[] ToNorthSouthRows(ReadOnlySpan<double> scanOrder, double missing, double scale, double offset)
    {
        int ni = Ni, nj = Nj;
        var result = new float[ni * nj];
        for (int k = 0; k < scanOrder.Length; k++)
        {
            int i = JPointsAreConsecutive ? k / nj : k % ni;
            int j = JPointsAreConsecutive ? k % nj : k / ni;
            int column = IScansNegatively ? ni - 1 - i : i;
            int row = JScansPositively ? nj - 1 - j : j;
            double value = scanOrder[k];
            result[(row * ni) + column] = value == missing ? float.NaN : (float)((value * scale) + offset);
        }

        return result;
    }

    private static bool Contradicts(double? increment, double step, int count) =>
        count > 1 && increment is double coded && Math.Abs(coded - step) > IncrementTolerance * (1 + step);

    private static double Modulo360(double x) => ((x % 360.0) + 360.0) % 360.0;

    private static string Show(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "missing";

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "missing";
}
