using Monitor.Service.Hosting;

namespace Monitor.Service.Tests.Hosting;

/// <summary>Which leads the HTML report draws as maps.</summary>
public sealed class HtmlReportPageTests
{
    [Theory]
    [InlineData(new[] { 0, 24 }, new[] { 0, 24 })]
    [InlineData(new[] { 0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72 }, new[] { 0, 24, 48, 72 })]
    [InlineData(new[] { 0, 24, 48, 72, 96, 120 }, new[] { 0, 24, 48, 72 })]
    [InlineData(new[] { 6, 12, 18 }, new[] { 6, 12, 18 })]
    public void Key_leads_are_whole_days_ahead_at_most_four(int[] leads, int[] expected) =>
        Assert.Equal(expected, HtmlReportPage.KeyLeads(leads));
}
