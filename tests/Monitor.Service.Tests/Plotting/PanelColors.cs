using SkiaSharp;

namespace Monitor.Service.Tests.Plotting;

/// <summary>Colour comparisons for rendered pixels.</summary>
internal static class PanelColors
{
    /// <summary>Largest per-channel difference between two opaque colours.</summary>
    public static int Distance(ScottPlot.Color expected, SKColor actual) =>
        Math.Max(Math.Abs(expected.R - actual.Red), Math.Max(Math.Abs(expected.G - actual.Green), Math.Abs(expected.B - actual.Blue)));

    public static void AssertNear(ScottPlot.Color expected, SKColor actual, int tolerance = 3)
    {
        int distance = Distance(expected, actual);
        Assert.True(distance <= tolerance, $"Expected about {expected}, got {actual} (off by {distance}).");
    }

    /// <summary>Mean of the three channels.</summary>
    public static double Brightness(SKColor color) => (color.Red + color.Green + color.Blue) / 3.0;
}
