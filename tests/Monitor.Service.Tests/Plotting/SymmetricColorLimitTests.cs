using Monitor.Service.Plotting;

namespace Monitor.Service.Tests.Plotting;

public sealed class SymmetricColorLimitTests
{
    [Fact]
    public void Compute_IsThe99thPercentileOfMagnitudes()
    {
        // |values| = 1…100 with alternating signs: numpy.percentile(range(1, 101), 99) = 99.01.
        float[] values = Enumerable.Range(1, 100).Select(i => i % 2 == 0 ? i : -(float)i).ToArray();

        Assert.Equal(99.01, SymmetricColorLimit.Compute(values), 1e-9);
    }

    [Fact]
    public void Compute_IgnoresMissingValues()
    {
        float[] values = [.. Enumerable.Range(1, 100).Select(i => (float)i), float.NaN, float.NaN];

        Assert.Equal(99.01, SymmetricColorLimit.Compute(values), 1e-9);
    }

    [Fact]
    public void Compute_FallsBackToTheLargestMagnitude_WhenThePercentileIsZero()
    {
        var values = new float[1000];
        values[7] = -3.5f;

        Assert.Equal(3.5, SymmetricColorLimit.Compute(values));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(float.NaN)]
    public void Compute_IsOne_WhenEveryValueIsZeroOrMissing(float value)
    {
        Assert.Equal(1.0, SymmetricColorLimit.Compute(Enumerable.Repeat(value, 50)));
    }
}
