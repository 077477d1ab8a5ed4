using Monitor.Core.Formats.Cf;

namespace Monitor.Core.Tests.Formats.Cf;

public sealed class CfTimeUnitsTests
{
    [Theory]
    [InlineData("hours since 1900-01-01 00:00:00.0", "standard", 1108926, "2026-07-04T06:00:00")]
    [InlineData("days since 1970-01-01", "gregorian", 20417.5, "2025-11-25T12:00:00")]
    [InlineData("seconds since 2026-11-25T00:00:00Z", "proleptic_gregorian", 3600, "2026-11-25T01:00:00")]
    [InlineData("minutes since 2026-11-25 6:0:0", null, 90, "2026-11-25T07:30:00")]
    [InlineData("hours since 2026-11-25 00:00 +02:00", null, 0, "2026-11-24T22:00:00")]
    [InlineData("hours since 1500-01-01", "proleptic_gregorian", 24, "1500-01-02T00:00:00")]
    public void ToDateTime_DecodesUnitsAndReference(string units, string? calendar, double offset, string expected)
    {
        DateTime time = CfTimeUnits.Parse(units, calendar).ToDateTime(offset);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(DateTimeKind.Utc, time.Kind);
    }

    [Theory]
    [InlineData("hours", "standard", "since")]
    [InlineData("fortnights since 2000-01-01", "standard", "fortnights")]
    [InlineData("hours since 2000-13-01", "standard", "2000-13-01")]
    [InlineData("days since 2000-01-01", "360_day", "360_day")]
    [InlineData("days since 2000-01-01", "julian", "julian")]
    [InlineData("days since 1500-01-01", "standard", "Julian")]
    public void Parse_Unsupported_RaisesNamingTheProblem(string units, string calendar, string named)
    {
        FormatException error = Assert.Throws<FormatException>(() => CfTimeUnits.Parse(units, calendar));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOffset_InvertsToDateTime()
    {
        CfTimeUnits units = CfTimeUnits.Parse("hours since 1900-01-01", null);
        var t = new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc);

        Assert.Equal(t, units.ToDateTime(units.ToOffset(t)));
    }
}
