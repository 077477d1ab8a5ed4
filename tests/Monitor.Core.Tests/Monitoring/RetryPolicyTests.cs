using Monitor.Core.Monitoring;

namespace Monitor.Core.Tests.Monitoring;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Doubles_the_delay_and_stops_after_the_last_attempt()
    {
        var policy = new RetryPolicy(MaxAttempts: 4, FirstDelay: TimeSpan.FromMinutes(1));
        var failed = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(failed.AddMinutes(1), policy.Next(1, failed));
        Assert.Equal(failed.AddMinutes(2), policy.Next(2, failed));
        Assert.Equal(failed.AddMinutes(4), policy.Next(3, failed));
        Assert.Null(policy.Next(4, failed));
    }
}
