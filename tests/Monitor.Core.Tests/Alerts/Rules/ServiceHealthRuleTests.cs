using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;

namespace Monitor.Core.Tests.Alerts.Rules;

public sealed class ServiceHealthRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly ServiceHealthRule Rule = new("service-health", 12, 3, 2, ["ops@example.org"]);

    [Fact]
    public void A_healthy_service_raises_nothing()
    {
        Assert.Empty(Rule.Evaluate(new ServiceHealth(Now, Now.UtcDateTime.AddHours(-6), 2, "x", 3600, 1, 600, null)));
        Assert.Empty(Rule.Evaluate(new ServiceHealth(Now, null, 0, null, 0, 0, 0, null)));
    }

    [Theory]
    [InlineData(13, 0, 0, 0, "no-cycle", AlertSeverity.Warning)]
    [InlineData(25, 0, 0, 0, "no-cycle", AlertSeverity.Severe)]
    [InlineData(1, 3, 0, 0, "failures", AlertSeverity.Warning)]
    [InlineData(1, 0, 7300, 0, "spool", AlertSeverity.Warning)]
    [InlineData(1, 0, 0, 7300, "outbox", AlertSeverity.Warning)]
    public void Each_check_fires_past_its_limit(double hoursSinceCycle, int failures, double spoolSeconds, double outboxSeconds, string check, AlertSeverity severity)
    {
        var health = new ServiceHealth(Now, Now.UtcDateTime.AddHours(-hoursSinceCycle), failures, "2026120700: fc.nc is truncated", spoolSeconds, 4, outboxSeconds, null);

        AlertCandidate found = Assert.Single(Rule.Evaluate(health));

        Assert.Equal(($"health/{check}", check, severity), (found.Subject, found.TrackId, found.Severity));
        Assert.DoesNotContain('\n', found.Summary);
    }

    [Fact]
    public void A_kernel_fallback_is_reported_for_information()
    {
        AlertCandidate found = Assert.Single(Rule.Evaluate(new ServiceHealth(Now, null, 0, null, 0, 0, 0, "oneDNN backward-data wrong at 2 shapes")));
        Assert.Equal(AlertSeverity.Info, found.Severity);
        Assert.Contains("oneDNN backward-data", found.Summary, StringComparison.Ordinal);
    }
}
