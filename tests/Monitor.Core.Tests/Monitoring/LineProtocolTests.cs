using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Tests.Monitoring;

/// <summary>Line protocol as InfluxDB documents it: escaping, field types, second timestamps, non-finite fields left out.</summary>
public sealed class LineProtocolTests
{
    private static readonly DateTime s_time = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Writes_measurement_sorted_tags_typed_fields_and_unix_seconds()
    {
        var point = new LinePoint("skill", new Dictionary<string, string> { ["model"] = "t2m-unet", ["lead_h"] = "24" },
            new Dictionary<string, object> { ["rmse"] = 1.25, ["cells"] = 12L, ["cycle"] = "2026120600", ["ok"] = true }, s_time);

        string? line = LineProtocol.Format(point);

        Assert.Equal("skill,lead_h=24,model=t2m-unet cells=12i,cycle=\"2026120600\",ok=true,rmse=1.25 1796558400", line);
    }

    [Fact]
    public void Escapes_commas_spaces_equals_quotes_and_backslashes_where_the_protocol_requires()
    {
        var point = new LinePoint("my measurement,x", new Dictionary<string, string> { ["region name"] = "a=b,c d" },
            new Dictionary<string, object> { ["note"] = "say \"hi\" \\ bye", ["f=1"] = 2.0 }, s_time);

        string? line = LineProtocol.Format(point);

        Assert.Equal("my\\ measurement\\,x,region\\ name=a\\=b\\,c\\ d f\\=1=2,note=\"say \\\"hi\\\" \\\\ bye\" 1796558400", line);
    }

    [Fact]
    public void Leaves_out_non_finite_fields_and_points_with_none_left()
    {
        var mixed = new LinePoint("m", new Dictionary<string, string>(), new Dictionary<string, object> { ["a"] = double.NaN, ["b"] = 3.5, ["c"] = double.PositiveInfinity }, s_time);
        var empty = new LinePoint("m", new Dictionary<string, string>(), new Dictionary<string, object> { ["a"] = double.NaN }, s_time);

        Assert.Equal("m b=3.5 1796558400", LineProtocol.Format(mixed));
        Assert.Null(LineProtocol.Format(empty));
    }

    [Fact]
    public void Refuses_an_empty_tag_value_naming_the_tag()
    {
        var point = new LinePoint("m", new Dictionary<string, string> { ["region"] = "" }, new Dictionary<string, object> { ["a"] = 1.0 }, s_time);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => LineProtocol.Format(point));
        Assert.Contains("'region'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubles_round_trip_exactly()
    {
        double value = 0.1 + 0.2;
        var point = new LinePoint("m", new Dictionary<string, string>(), new Dictionary<string, object> { ["v"] = value }, s_time);

        string field = LineProtocol.Format(point)!.Split(' ')[1];

        Assert.Equal(value, double.Parse(field[2..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_line_break_in_a_string_field_never_ends_the_line()
    {
        var point = new LinePoint("m", new Dictionary<string, string>(), new Dictionary<string, object> { ["note"] = "first\nsecond\r\nthird" }, s_time);

        string line = LineProtocol.Format(point)!;

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("first second  third", line, StringComparison.Ordinal);
    }
}
