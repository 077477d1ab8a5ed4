using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Formats.Grib;

/// <summary>Assertions on decoded GRIB fields.</summary>
internal static class GribAssert
{
    /// <summary>
    /// The decoding error allowed for <paramref name="values"/> packed with <paramref name="bitsPerValue"/> bits
    /// (one packing step over their range, with a factor 2 of margin), plus float32 rounding, times <paramref name="scale"/>.
    /// </summary>
    public static double Tolerance(IReadOnlyCollection<double> values, double scale = 1.0, int bitsPerValue = 24)
    {
        double[] finite = values.Where(double.IsFinite).ToArray();
        double packing = (finite.Max() - finite.Min()) / Math.Pow(2, bitsPerValue - 1);
        return Math.Abs(scale) * (packing + (finite.Max(Math.Abs) * 1e-6) + 1e-9);
    }

    /// <summary>Asserts the field's values, <c>[lat, lon]</c> north → south, equal <paramref name="expected"/> (NaN for missing).</summary>
    public static void Values(double[,] expected, GriddedField field, double tolerance)
    {
        Assert.Equal(expected.GetLength(0), field.Grid.LatitudeCount);
        Assert.Equal(expected.GetLength(1), field.Grid.LongitudeCount);
        for (int row = 0; row < expected.GetLength(0); row++)
        {
            for (int column = 0; column < expected.GetLength(1); column++)
            {
                double want = expected[row, column];
                float got = field[row, column];
                if (double.IsNaN(want))
                {
                    Assert.True(float.IsNaN(got), $"[{row}, {column}]: expected NaN (missing), got {got}.");
                }
                else
                {
                    Assert.True(Math.Abs(got - want) <= tolerance, $"[{row}, {column}]: expected {want} ± {tolerance}, got {got}.");
                }
            }
        }
    }

    /// <summary>
    /// Asserts that every point <c>grib_get_data -w <paramref name="where"/></c> prints is at the field's cell for that
    /// latitude and longitude, with the same value times <paramref name="scale"/>, and that every cell is covered.
    /// </summary>
    public static void MatchesGribGetData(GriddedField field, string path, double tolerance, string where = "count=1", double scale = 1.0)
    {
        GridSpec grid = field.Grid;
        var points = GribFixture.GetData(path, where);
        Assert.Equal(grid.CellCount, points.Count);
        var seen = new HashSet<(int, int)>();
        foreach ((double lat, double lon, double value) in points)
        {
            double rowExact = (grid.FirstLatitude - lat) / grid.LatitudeStep;
            double columnExact = GridSpec.NormalizeLongitude(lon - grid.FirstLongitude, LongitudeConvention.ZeroTo360) / grid.LongitudeStep;
            int row = (int)Math.Round(rowExact), column = (int)Math.Round(columnExact);
            Assert.True(Math.Abs(rowExact - row) < 1e-3 && Math.Abs(columnExact - column) < 1e-3,
                $"grib_get_data point ({lat}, {lon}) is not on the grid {grid}.");
            Assert.InRange(row, 0, grid.LatitudeCount - 1);
            Assert.InRange(column, 0, grid.LongitudeCount - 1);
            Assert.True(seen.Add((row, column)), $"two points map to cell [{row}, {column}].");
            float got = field[row, column];
            if (double.IsNaN(value))
            {
                Assert.True(float.IsNaN(got), $"({lat}, {lon}) → [{row}, {column}]: grib_get_data says missing, got {got}.");
            }
            else
            {
                Assert.True(Math.Abs(got - (value * scale)) <= tolerance,
                    $"({lat}, {lon}) → [{row}, {column}]: grib_get_data says {value} (× {scale}), got {got}.");
            }
        }
    }
}
