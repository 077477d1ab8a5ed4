using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Alerts.Rules;

/// <summary>
/// A cycle initialised longer ago than the age limit raises no alerts: its rules are not even evaluated (the rule here
/// fails the test if asked), so the lifecycle's book and the outbox are not touched; a cycle within the limit, or any
/// cycle with no limit, is.
/// </summary>
public sealed class CycleAlertsAgeTests
{
    private static readonly DateTime Init = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(23.9, 24, false)]
    [InlineData(24.1, 24, true)]
    [InlineData(24 * 300, 0, false)]
    public void AgeBeyondLimit_IsTheCycleAgeOnlyPastTheLimit(double hoursLater, double limitHours, bool beyond)
    {
        using CycleAlerts alerts = Alerts(hoursLater, limitHours, new CountingRule());
        TimeSpan? age = alerts.AgeBeyondLimit(new CycleId(Init));

        Assert.Equal(beyond, age is not null);
        if (beyond)
        {
            Assert.Equal(hoursLater, age!.Value.TotalHours, 9);
        }
    }

    [Fact]
    public async Task A_cycle_past_the_limit_is_not_evaluated()
    {
        var rule = new CountingRule();
        using CycleAlerts alerts = Alerts(120, 24, rule);

        IReadOnlyList<ReportedAlert> raised = await alerts.OnCycleAsync(Report());

        Assert.Empty(raised);
        Assert.Equal(0, rule.Evaluations);
    }

    private static CycleAlerts Alerts(double hoursLater, double limitHours, ICycleAlertRule rule) =>
        // The book store and the outbox are never reached for a cycle past the limit or by AgeBeyondLimit.
        new([rule], new AlertLifecycle(new AlertLifecycleOptions()), null!, null!, new ManualTimeProvider(new DateTimeOffset(Init.AddHours(hoursLater), TimeSpan.Zero)),
            maxCycleAge: TimeSpan.FromHours(limitHours));

    private static CycleReport Report() =>
        new("2026120700", Init, [0], new GridSpec(90, 5.625, 32, 0, 5.625, 64), [], [], [], [], [], [], "native");

    private sealed class CountingRule : ICycleAlertRule
    {
        public int Evaluations { get; private set; }

        public string Name => "counting";

        public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report)
        {
            Evaluations++;
            return [];
        }
    }
}
