using Monitor.Core.Numerics;
using Monitor.Core.Monitoring.Anomalies;

namespace Monitor.Core.Tests.Monitoring.Anomalies;

public sealed class WeightedMomentsTests
{
    /// <summary>The running weighted mean and covariance equal the two-pass definitions Σwx/Σw and Σw(x−μ)(x−μ)ᵀ/Σw.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Running_Moments_EqualTheTwoPassDefinitions(bool weighted)
    {
        var random = new SplitMix64(11);
        const int d = 5, n = 400;
        double[][] xs = [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(j => 1e4 + (j * random.NextDouble()) + random.NextDouble()).ToArray())];
        double[] ws = [.. Enumerable.Range(0, n).Select(_ => weighted ? 0.05 + random.NextDouble() : 1.0)];
        var moments = new WeightedMoments(d);
        for (int i = 0; i < n; i++)
        {
            moments.Add(xs[i], ws[i]);
        }

        double total = ws.Sum();
        double[] mean = [.. Enumerable.Range(0, d).Select(j => Enumerable.Range(0, n).Sum(i => ws[i] * xs[i][j]) / total)];
        double[] covariance = moments.Covariance();
        Assert.Equal(n, moments.Count);
        Assert.Equal(total, moments.Weight, 9);
        for (int j = 0; j < d; j++)
        {
            Assert.Equal(mean[j], moments.Mean[j], 1e-9);
            for (int k = 0; k < d; k++)
            {
                double expected = Enumerable.Range(0, n).Sum(i => ws[i] * (xs[i][j] - mean[j]) * (xs[i][k] - mean[k])) / total;
                Assert.Equal(expected, covariance[(j * d) + k], 1e-9);
            }
        }
    }

    [Fact]
    public void Add_RefusesNonFiniteFeaturesAndWeights()
    {
        var moments = new WeightedMoments(2);
        Assert.Throws<ArgumentException>(() => moments.Add([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => moments.Add([1, 2], 0));
        Assert.Throws<ArgumentException>(() => moments.Add([1, 2, 3]));
        Assert.Equal(0, moments.Count);
    }
}
