using Monitor.Core.Alerts.Rules;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Tests.Monitoring;

/// <summary>The <c>service</c> point: schema names only, stamped when read (whole seconds), the newest cycle's age in hours.</summary>
public sealed class ServiceReadingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 7, 6, 30, 15, 400, TimeSpan.Zero);

    [Fact]
    public void The_point_carries_the_readings_under_schema_names_at_the_second_it_was_taken()
    {
        var health = new ServiceHealth(s_now, new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), 2, "2026120700: missing t2m", 30, 3, 120, "AVX-512 adjoint wrong");

        LinePoint point = new ServiceReading(health, 40, 2, 1, "onednn-avx2", 812.5, 120.25, 3600).ToPoint();

        Assert.Equal(PointSchema.Service, point.Measurement);
        Assert.Empty(point.Tags);
        Assert.Equal(new DateTime(2026, 12, 7, 6, 30, 15, DateTimeKind.Utc), point.Time);
        Assert.All(point.Fields.Keys, f => Assert.True(PointSchema.HasField(PointSchema.Service, f), f));
        Assert.Equal(PointSchema.Fields[PointSchema.Service].Order(), point.Fields.Keys.Order());
        Assert.Equal(6.5 + 15.4 / 3600, (double)point.Fields["newest_cycle_age_h"], 9);
        Assert.Equal("2026120700", point.Fields["newest_cycle"]);
        Assert.Equal(true, point.Fields["kernel_fallback"]);
        Assert.Equal(2L, point.Fields["failures_in_a_row"]);
        Assert.Equal(3L, point.Fields["outbox_depth"]);
    }

    [Fact]
    public void Before_the_first_cycle_the_age_is_left_out_of_the_line()
    {
        var health = new ServiceHealth(s_now, null, 0, null, 0, 0, 0, null);

        string line = LineProtocol.Format(new ServiceReading(health, 0, 0, 0, "onednn", 500, 80, 12).ToPoint())!;

        Assert.DoesNotContain("newest_cycle_age_h", line, StringComparison.Ordinal);
        Assert.Contains("kernel_fallback=false", line, StringComparison.Ordinal);
        Assert.StartsWith("service ", line, StringComparison.Ordinal);
    }
}
