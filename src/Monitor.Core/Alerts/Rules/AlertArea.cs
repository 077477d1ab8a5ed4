using System.Globalization;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// The area a rule watches — a forecaster's domain: a region is considered when its centroid lies inside. Longitudes in
/// °E, either convention; <paramref name="East"/> less than <paramref name="West"/> crosses the date line.
/// </summary>
/// <param name="South">Southern edge, °N.</param>
/// <param name="North">Northern edge, °N.</param>
/// <param name="West">Western edge, °E.</param>
/// <param name="East">Eastern edge, °E.</param>
public sealed record AlertArea(double South, double North, double West, double East)
{
    /// <summary>Whether a point lies inside (edges included).</summary>
    public bool Contains(double latitude, double longitude)
    {
        if (latitude < South || latitude > North)
        {
            return false;
        }

        return East - West >= 360 || Wrap(longitude - West) <= Wrap(East - West);
    }

    /// <summary>Parses <c>south,north,west,east</c> (degrees); null with the reason when it is not such a box.</summary>
    public static AlertArea? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        if (parts.Length != 4 || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any(ok => !ok))
        {
            error = $"'{text}' is not south,north,west,east in degrees (e.g. 30,70,-40,40)";
            return null;
        }

        if (!(values[0] >= -90 && values[0] < values[1] && values[1] <= 90) || values.Skip(2).Any(v => !(v >= -360 && v <= 360)))
        {
            error = $"'{text}': south must be below north within −90…90 and west, east within −360…360";
            return null;
        }

        error = null;
        return new AlertArea(values[0], values[1], values[2], values[3]);
    }

    /// <summary>The box in words, e.g. <c>30..70N, -40..40E</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{South:0.##}..{North:0.##}N, {West:0.##}..{East:0.##}E");

    private static double Wrap(double degrees) => ((degrees % 360) + 360) % 360;
}
