using System.Globalization;
using Monitor.Core.Synthetic;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The regime Markov chain over two centuries: persistence, transition frequencies, every regime visited, and the
/// pattern weights relaxing towards the label with the documented e-folding time.
/// </summary>
public sealed class RegimeChainTests
{
    private static readonly RegimeChain s_chain = RegimeChain.Generate(
        new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2099, 12, 31, 18, 0, 0, DateTimeKind.Utc), seed: 42);

    private static readonly Regime[] s_labels = [.. s_chain.Steps().Select(s => s.Label)];

    private readonly ITestOutputHelper _output;

    public RegimeChainTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void MeanPersistence_IsSevenDays()
    {
        // Run lengths between label changes; the first and last runs are cut by the ends of the chain.
        List<int> runs = Runs();
        double days = runs.Skip(1).SkipLast(1).Average() * RegimeChain.StepHours / 24.0;

        _output.WriteLine($"{s_labels.Length} steps, {runs.Count} runs; mean persistence {days:F3} d (documented {RegimeChain.MeanPersistenceDays} d)");
        Assert.InRange(days, 0.9 * RegimeChain.MeanPersistenceDays, 1.1 * RegimeChain.MeanPersistenceDays);
    }

    [Fact]
    public void TransitionFrequencies_MatchTheTable()
    {
        int k = RegimeChain.RegimeCount;
        var counts = new int[k, k];
        for (int i = 1; i < s_labels.Length; i++)
        {
            if (s_labels[i] != s_labels[i - 1])
            {
                counts[(int)s_labels[i - 1], (int)s_labels[i]]++;
            }
        }

        for (int from = 0; from < k; from++)
        {
            int total = Enumerable.Range(0, k).Sum(to => counts[from, to]);
            double[] frequency = [.. Enumerable.Range(0, k).Select(to => (double)counts[from, to] / total)];
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(Regime)from,-15} → {string.Join("  ", frequency.Select((f, to) => $"{f:F3} ({RegimeChain.Transitions[from, to]:F2})"))}   n = {total}"));
            Assert.True(total > 1000, $"only {total} departures from {(Regime)from}");
            for (int to = 0; to < k; to++)
            {
                // ~2600 departures per regime: binomial standard error ≤ 0.01, so 0.03 is three of them.
                Assert.Equal(RegimeChain.Transitions[from, to], frequency[to], 0.03);
            }
        }
    }

    [Fact]
    public void EveryRegimeOccurs_AndWeightsRelaxTowardsTheLabel()
    {
        double relax = 1 - Math.Exp(-RegimeChain.StepHours / RegimeChain.RelaxationHours);
        var steps = s_chain.Steps().ToArray();
        foreach (Regime regime in Enum.GetValues<Regime>())
        {
            double share = s_labels.Count(l => l == regime) / (double)s_labels.Length;
            _output.WriteLine($"{regime}: {share:P1} of the time");
            Assert.True(share > 0.1, $"{regime} active only {share:P1} of the time");
        }

        for (int s = 1; s < steps.Length; s++)
        {
            IReadOnlyList<float> previous = steps[s - 1].Weights, weights = steps[s].Weights;
            Assert.Equal(1.0, weights.Sum(w => (double)w), 1e-5);
            for (int r = 0; r < weights.Count; r++)
            {
                double target = r == (int)steps[s].Label ? 1 : 0;
                Assert.Equal(previous[r] + ((target - previous[r]) * relax), weights[r], 1e-6);
            }

            if (s_chain.HoursActive(steps[s].Time) >= 24)
            {
                Assert.Equal(weights.Max(), weights[(int)steps[s].Label]);
            }
        }
    }

    private static List<int> Runs()
    {
        var runs = new List<int>();
        int length = 1;
        for (int i = 1; i < s_labels.Length; i++)
        {
            if (s_labels[i] == s_labels[i - 1])
            {
                length++;
            }
            else
            {
                runs.Add(length);
                length = 1;
            }
        }

        runs.Add(length);
        return runs;
    }
}
