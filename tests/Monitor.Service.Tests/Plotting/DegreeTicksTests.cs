using Monitor.Service.Plotting;

namespace Monitor.Service.Tests.Plotting;

public sealed class DegreeTicksTests
{
    [Theory]
    [InlineData(-45.0, "45°W")]
    [InlineData(0.0, "0°")]
    [InlineData(42.75, "42.75°E")]
    [InlineData(180.0, "180°")]
    [InlineData(300.0, "60°W")]   // 0…360 grids label the western hemisphere as such
    public void FormatLongitude_NamesTheHemisphere(double longitude, string expected)
    {
        Assert.Equal(expected, DegreeTicks.FormatLongitude(longitude));
    }

    [Theory]
    [InlineData(-30.0, "30°S")]
    [InlineData(0.0, "0°")]
    [InlineData(87.1875, "87.19°N")]
    public void FormatLatitude_NamesTheHemisphere(double latitude, string expected)
    {
        Assert.Equal(expected, DegreeTicks.FormatLatitude(latitude));
    }

    [Theory]
    [InlineData(360.0, 7, 60.0)]   // global longitudes
    [InlineData(180.0, 6, 30.0)]   // global latitudes
    [InlineData(88.0, 7, 15.0)]    // the European 0.25° grid
    [InlineData(40.0, 6, 10.0)]
    public void Interval_IsTheSmallestRoundStepWithinTheTickBudget(double span, int maxTicks, double expected)
    {
        Assert.Equal(expected, DegreeTicks.Interval(span, maxTicks));
    }
}
