namespace Monitor.Service.Tests.Grafana;

/// <summary>
/// The macro expansion the dashboard query test relies on, held to Grafana's documented behaviour: regex escaping of
/// single, multi-value and All variables, the absolute time filter, and the interval rounding with the data source's
/// minimum.
/// </summary>
public sealed class GrafanaMacrosTests
{
    private static readonly DateTime s_from = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_single_value_is_regex_escaped_unless_it_is_a_number()
    {
        Assert.Equal(@"t2m\.unet\(v2\)", GrafanaMacros.Format(new VariableValue([@"t2m.unet(v2)"], false, false)));
        Assert.Equal("hot-1", GrafanaMacros.Format(new VariableValue(["hot-1"], false, false)));
        Assert.Equal("2026120600", GrafanaMacros.Format(new VariableValue(["2026120600"], false, false)));
    }

    [Fact]
    public void Multi_values_are_escaped_with_doubled_backslashes_and_joined_in_a_group()
    {
        Assert.Equal(@"looking\\*glass", GrafanaMacros.Format(new VariableValue(["looking*glass"], true, false)));
        Assert.Equal(@"(a\\|bc|de\\|f)", GrafanaMacros.Format(new VariableValue(["a|bc", "de|f"], true, true)));
    }

    [Fact]
    public void The_time_filter_interval_and_variables_are_expanded_and_an_unknown_variable_is_refused()
    {
        var variables = new Dictionary<string, VariableValue> { ["lead"] = new(["24"], false, false), ["input"] = new(["tcc", "u10"], true, true) };

        string query = GrafanaMacros.Expand("""SELECT mean("share") FROM "relevance" WHERE "lead_h" =~ /^$lead$/ AND "input" =~ /^${input}$/ AND $timeFilter GROUP BY time($__interval)""",
            s_from, s_from.AddDays(1), TimeSpan.FromHours(6), variables);

        Assert.Equal("""SELECT mean("share") FROM "relevance" WHERE "lead_h" =~ /^24$/ AND "input" =~ /^(tcc|u10)$/ AND time >= 1796083200000ms and time <= 1796169600000ms GROUP BY time(6h)""", query);
        Assert.Throws<InvalidOperationException>(() => GrafanaMacros.Expand("WHERE \"model\" =~ /^$model$/", s_from, s_from, TimeSpan.FromHours(1), variables));
    }

    [Theory]
    [InlineData(1, "5m")] // 86.4 s per point rounds to 1m, below the 5m minimum
    [InlineData(7, "10m")] // 604.8 s per point
    [InlineData(300, "6h")] // 7.2 h per point
    public void The_interval_is_the_range_per_data_point_rounded_to_grafanas_steps(int days, string expected)
    {
        TimeSpan interval = GrafanaMacros.Interval(s_from, s_from.AddDays(days), 1000, TimeSpan.FromMinutes(5));
        Assert.Equal(expected, GrafanaMacros.Duration(interval));
    }
}
