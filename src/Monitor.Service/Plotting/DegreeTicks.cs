using System.Globalization;
using Monitor.Core.Grids;
using ScottPlot.TickGenerators;

namespace Monitor.Service.Plotting;

/// <summary>Axis ticks in degrees at round intervals, labelled 30°W / 0° / 30°E and 30°S / 0° / 30°N.</summary>
internal static class DegreeTicks
{
    private static readonly double[] s_intervals = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90];

    /// <summary>Ticks for a longitude axis spanning <paramref name="span"/> degrees.</summary>
    public static NumericFixedInterval Longitude(double span) =>
        new(Interval(span, maxTicks: 7)) { LabelFormatter = FormatLongitude };

    /// <summary>Ticks for a latitude axis spanning <paramref name="span"/> degrees.</summary>
    public static NumericFixedInterval Latitude(double span) =>
        new(Interval(span, maxTicks: 6)) { LabelFormatter = FormatLatitude };

    /// <summary>The smallest round interval (°) that puts at most about <paramref name="maxTicks"/> ticks on the span.</summary>
    public static double Interval(double span, int maxTicks) =>
        s_intervals.FirstOrDefault(interval => span / interval <= maxTicks, s_intervals[^1]);

    /// <summary>"45°W", "0°", "180°", "135°E" for a longitude in either convention.</summary>
    public static string FormatLongitude(double longitude)
    {
        double east = GridSpec.NormalizeLongitude(longitude, LongitudeConvention.Minus180To180);
        if (Math.Abs(Math.Abs(east) - 180) < GridSpec.AngleTolerance)
        {
            return "180°";
        }

        return WithHemisphere(east, "E", "W");
    }

    /// <summary>"30°S", "0°", "60°N".</summary>
    public static string FormatLatitude(double latitude) => WithHemisphere(latitude, "N", "S");

    private static string WithHemisphere(double degrees, string positive, string negative)
    {
        string magnitude = Math.Abs(degrees).ToString("0.##", CultureInfo.InvariantCulture);
        if (magnitude == "0")
        {
            return "0°";
        }

        return $"{magnitude}°{(degrees > 0 ? positive : negative)}";
    }
}
