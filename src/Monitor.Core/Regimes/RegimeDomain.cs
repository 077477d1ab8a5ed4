using System.Globalization;
using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>
/// A latitude/longitude box of the regime analysis, e.g. the Euro-Atlantic sector 30–90°N, 80°W–40°E of Grams et al.
/// (2017). Longitudes in either convention; the box runs east from <see cref="West"/> to <see cref="East"/> and may cross
/// the date line or the Greenwich meridian.
/// </summary>
/// <param name="South">Southern edge (°N).</param>
/// <param name="North">Northern edge (°N).</param>
/// <param name="West">Western edge (°E).</param>
/// <param name="East">Eastern edge (°E).</param>
public sealed record RegimeDomain(double South, double North, double West, double East)
{
    /// <summary>The Euro-Atlantic sector of Grams et al. (2017): 30–90°N, 80°W–40°E.</summary>
    public static RegimeDomain EuroAtlantic { get; } = new(30, 90, -80, 40);

    /// <summary>Parses <c>lat0,lat1,lon0,lon1</c> (°N, °N, °E, °E); latitudes in any order, longitudes west then east.</summary>
    /// <exception cref="FormatException">Not four numbers, or latitudes outside [−90, 90]; the message quotes the text.</exception>
    public static RegimeDomain Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[4];
        if (parts.Length != 4 || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any(ok => !ok))
        {
            throw new FormatException($"--domain '{text}': expected lat0,lat1,lon0,lon1 in degrees, e.g. 30,90,-80,40.");
        }

        if (values.Take(2).Any(v => v < -90 || v > 90) || values.Any(v => !double.IsFinite(v)))
        {
            throw new FormatException($"--domain '{text}': latitudes must lie in [-90, 90].");
        }

        return new RegimeDomain(Math.Min(values[0], values[1]), Math.Max(values[0], values[1]), values[2], values[3]);
    }

    /// <summary>
    /// The cells of <paramref name="grid"/> inside the box, as a regular sub-grid whose columns run east from the box's
    /// western edge (longitudes of the sub-grid may leave [0, 360) so that it stays regular across a wrap).
    /// </summary>
    /// <exception cref="ArgumentException">The box holds fewer than 2 rows or columns of the grid; names the domain and grid.</exception>
    public RegimeSelection Select(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        double tolerance = GridSpec.AngleTolerance;
        int[] rows = [.. Enumerable.Range(0, grid.LatitudeCount)
            .Where(r => grid.Latitude(r) >= South - tolerance && grid.Latitude(r) <= North + tolerance)];
        double width = Mod(East - West, 360.0);
        if (width < tolerance)
        {
            width = 360.0;
        }

        var columns = Enumerable.Range(0, grid.LongitudeCount)
            .Select(c => (Column: c, Offset: Mod(grid.Longitude(c) - West + tolerance, 360.0) - tolerance))
            .Where(c => c.Offset <= width + tolerance)
            .OrderBy(c => c.Offset)
            .ToArray();
        if (rows.Length < 2 || columns.Length < 2)
        {
            throw new ArgumentException(
                $"--domain {this}: only {rows.Length}×{columns.Length} cells of the grid {grid} lie inside; at least 2×2 are needed.");
        }

        var cells = new int[rows.Length * columns.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                cells[(r * columns.Length) + c] = (rows[r] * grid.LongitudeCount) + columns[c].Column;
            }
        }

        var sub = new GridSpec(grid.Latitude(rows[0]), grid.LatitudeStep, rows.Length, West + columns[0].Offset,
            grid.LongitudeStep, columns.Length);
        return new RegimeSelection(sub, cells);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{South},{North},{West},{East}");

    private static double Mod(double x, double m) => ((x % m) + m) % m;
}
