using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Grids;

public sealed class CycleIdTests
{
    [Fact]
    public void Parse_ValidText_RoundTrips()
    {
        CycleId id = CycleId.Parse("2026112512");

        Assert.Equal(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc), id.InitTime);
        Assert.Equal(DateTimeKind.Utc, id.InitTime.Kind);
        Assert.Equal("2026112512", id.ToString());
        Assert.Equal(new DateTime(2026, 11, 26, 18, 0, 0, DateTimeKind.Utc), id.ValidTime(30));
    }

    [Theory]
    [InlineData("202611251")]
    [InlineData("20261125120")]
    [InlineData("2026112525")]
    [InlineData("2026113012x")]
    [InlineData("2026022912")]
    [InlineData("")]
    public void Parse_InvalidText_RaisesQuotingIt(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => CycleId.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NotOnTheHour_Refused()
    {
        Assert.Throws<ArgumentException>(() => new CycleId(new DateTime(2026, 11, 25, 12, 30, 0, DateTimeKind.Utc)));
        Assert.Throws<ArgumentException>(() => new CycleId(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void Comparison_OrdersByInitTime()
    {
        Assert.True(CycleId.Parse("2026112500") < CycleId.Parse("2026112506"));
        Assert.True(CycleId.Parse("2026112600") > CycleId.Parse("2026112518"));
    }
}
