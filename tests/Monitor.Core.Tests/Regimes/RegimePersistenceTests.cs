using Monitor.Core.Regimes;

namespace Monitor.Core.Tests.Regimes;

/// <summary>The persistence rule (index ≥ 1 for ≥ 5 days, the largest at least once) on hand-built 6-hourly index series.</summary>
public sealed class RegimePersistenceTests
{
    private static readonly DateTime T0 = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly RegimePersistence _rule = new();

    [Fact]
    public void TwentyStates_AboveThreshold_AreOneLifeCycle_NineteenAreNot()
    {
        // Regime 0 above 1.0 for 20 states (5 days); regime 1 above 1.0 for 19 states; both largest during their runs.
        double[][] indices = Series(60, s => [s is >= 5 and < 25 ? 1.5 : 0.0, s is >= 35 and < 54 ? 1.5 : 0.0]);
        int[] labels = _rule.Assign(Times(60), indices);
        Assert.All(labels[5..25], l => Assert.Equal(0, l));
        Assert.All(labels[..5], l => Assert.Equal(RegimePersistence.NoRegime, l));
        Assert.All(labels[25..], l => Assert.Equal(RegimePersistence.NoRegime, l));
    }

    [Fact]
    public void RunThatIsNeverTheLargest_IsNoLifeCycle()
    {
        // Regime 1 stays above 1.0 for 30 states but regime 0 is always larger: only regime 0 is active.
        double[][] indices = Series(30, s => [2.0, 1.2]);
        Assert.All(_rule.Assign(Times(30), indices), l => Assert.Equal(0, l));

        // Now regime 1 leads once (state 10): both are active and each state takes the larger index.
        indices[10] = [1.1, 1.9];
        int[] labels = _rule.Assign(Times(30), indices);
        Assert.Equal(1, labels[10]);
        Assert.Equal(0, labels[9]);
        Assert.Equal(0, labels[11]);
    }

    [Fact]
    public void DipBelowThreshold_SplitsTheRun()
    {
        // 12 + 12 states above the threshold with one state at 0.9 between: two runs of 3 days, no life cycle.
        double[][] indices = Series(25, s => [s == 12 ? 0.9 : 1.3]);
        Assert.All(_rule.Assign(Times(25), indices), l => Assert.Equal(RegimePersistence.NoRegime, l));
        // The threshold is inclusive: exactly 1.0 continues the run.
        indices[12] = [1.0];
        Assert.All(_rule.Assign(Times(25), indices), l => Assert.Equal(0, l));
    }

    [Fact]
    public void GapInTime_SplitsTheRun()
    {
        DateTime[] times = [.. Times(24).Select((t, s) => s < 12 ? t : t.AddDays(2))];
        Assert.All(new RegimePersistence().Assign(times, Series(24, _ => [1.5])), l => Assert.Equal(RegimePersistence.NoRegime, l));
        Assert.All(new RegimePersistence(1.0, 2.0).Assign(times, Series(24, _ => [1.5])), l => Assert.Equal(0, l));
    }

    private static DateTime[] Times(int n) => [.. Enumerable.Range(0, n).Select(s => T0.AddHours(6 * s))];

    private static double[][] Series(int n, Func<int, double[]> at) => [.. Enumerable.Range(0, n).Select(at)];
}
