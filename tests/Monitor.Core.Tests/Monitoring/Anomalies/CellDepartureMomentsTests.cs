using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Numerics;

namespace Monitor.Core.Tests.Monitoring.Anomalies;

public sealed class CellDepartureMomentsTests
{
    /// <summary>Field by field, each cell's count, mean and standard deviation equal the two-pass textbook values of its own finite values.</summary>
    [Fact]
    public void Running_moments_equal_the_two_pass_statistics_of_each_cell()
    {
        const int cells = 12, fields = 40;
        var random = new SplitMix64(7);
        var values = new float[fields][];
        var moments = new CellDepartureMoments(3, cells);
        for (int f = 0; f < fields; f++)
        {
            // A large offset per cell: a naive sum-of-squares formula would lose the variance to cancellation.
            values[f] = [.. Enumerable.Range(0, cells).Select(c => (c == 3 && f % 4 == 0) ? float.NaN : (float)(280 + c + ((1 + c) * random.NextGaussian())))];
            moments.Add(1, values[f]);
        }

        Assert.Null(moments.Slot(0));
        (int[] counts, double[] means, double[] squares) = moments.Slot(1)!.Value;
        for (int c = 0; c < cells; c++)
        {
            double[] x = [.. values.Select(v => (double)v[c]).Where(double.IsFinite)];
            double mean = x.Average();
            double variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
            Assert.Equal(x.Length, counts[c]);
            Assert.Equal(mean, means[c], 1e-9);
            Assert.Equal(variance, squares[c] / (counts[c] - 1), 1e-7);
        }

        Assert.Equal(30, counts[3]);
    }

    /// <summary>A region's usual departure is the mean of its cells' means and standard deviations; too little history gives none.</summary>
    [Fact]
    public void A_region_averages_its_cells_and_needs_history_in_each()
    {
        var moments = new CellDepartureMoments(1, 4);
        moments.Add(0, [1, 10, 0, 5]);
        moments.Add(0, [3, 20, 0, float.NaN]);
        moments.Add(0, [5, 30, 0, float.NaN]);

        RegionDepartureStatistics? region = moments.Region(0, [true, true, false, false], minimumHistory: 3);
        Assert.NotNull(region);
        Assert.Equal((3 + 20) / 2.0, region.Mean, 12);
        Assert.Equal((2 + 10) / 2.0, region.Spread, 12);   // sample standard deviations of 1,3,5 and 10,20,30
        Assert.Equal(3, region.History);
        Assert.Null(moments.Region(0, [true, false, false, true], minimumHistory: 3));   // the last cell has one value
        Assert.Null(moments.Region(0, [false, false, false, false], minimumHistory: 1));
        Assert.Null(moments.Region(0, [true, true, false, false], minimumHistory: 4));
        Assert.Throws<ArgumentException>(() => moments.Add(0, [1, 2, 3]));
    }

    /// <summary>A field is standardised cell by cell against that cell's mean and sample standard deviation; cells without history, spread or value give NaN.</summary>
    [Fact]
    public void Standardise_divides_each_cells_departure_from_its_mean_by_its_spread()
    {
        var moments = new CellDepartureMoments(2, 4);
        moments.Add(0, [1, 10, 0, 5]);
        moments.Add(0, [3, 20, 0, float.NaN]);
        moments.Add(0, [5, 30, 0, float.NaN]);

        float[] z = moments.Standardise(0, [7, 5, 1, 5], minimumHistory: 3);

        Assert.Equal((7 - 3) / 2.0, z[0], 6);
        Assert.Equal((5 - 20) / 10.0, z[1], 6);
        Assert.True(float.IsNaN(z[2]));   // no spread
        Assert.True(float.IsNaN(z[3]));   // one value
        Assert.True(float.IsNaN(moments.Standardise(0, [float.NaN, 5, 1, 5], 3)[0]));
        Assert.All(moments.Standardise(0, [7, 5, 1, 5], minimumHistory: 4), v => Assert.True(float.IsNaN(v)));
        Assert.All(moments.Standardise(1, [7, 5, 1, 5], minimumHistory: 1), v => Assert.True(float.IsNaN(v)));   // an empty slot
    }

    /// <summary>
    /// Winsorised, each cell's count, mean and standard deviation equal a literal sequential winsorising of its values:
    /// once the cell holds 20, each value is clamped to the mean ± c sample standard deviations of the (clamped) values
    /// before it — on Gaussian fields with gross outliers and gaps, four seeds.
    /// </summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void Winsorised_moments_equal_a_literal_sequential_winsorising(ulong seed)
    {
        const int cells = 6, fields = 60;
        var cut = Winsorising.Campbell(20, 2);
        var random = new SplitMix64(seed);
        var moments = new CellDepartureMoments(1, cells);
        var kept = Enumerable.Range(0, cells).Select(_ => new List<double>()).ToArray();
        for (int f = 0; f < fields; f++)
        {
            float[] field = [.. Enumerable.Range(0, cells).Select(c =>
                c == 2 && f % 5 == 0 ? float.NaN : (float)(c + random.NextGaussian() + (f % 7 == c ? 12 : 0)))];
            moments.Add(0, field, cut);
            for (int c = 0; c < cells; c++)
            {
                double x = field[c];
                if (!double.IsFinite(x))
                {
                    continue;
                }

                if (kept[c].Count >= 20)
                {
                    double m = kept[c].Average(), s = Math.Sqrt(kept[c].Sum(v => (v - m) * (v - m)) / (kept[c].Count - 1));
                    x = Math.Min(Math.Max(x, m - (cut.Cutoff * s)), m + (cut.Cutoff * s));
                }

                kept[c].Add(x);
            }
        }

        (int[] counts, double[] means, double[] squares) = moments.Slot(0)!.Value;
        for (int c = 0; c < cells; c++)
        {
            double mean = kept[c].Average();
            Assert.Equal(kept[c].Count, counts[c]);
            Assert.Equal(mean, means[c], 1e-9);
            Assert.Equal(kept[c].Sum(v => (v - mean) * (v - mean)) / (kept[c].Count - 1), squares[c] / (counts[c] - 1), 1e-9);
        }

        Assert.Equal(1 + Math.Sqrt(2), cut.Cutoff, 12);   // 1 + b₁/√2 with b₁ = 2
    }

    /// <summary>
    /// Three spell-like values of +8 after 40 ordinary N(0, 1) ones: they more than double the plain spread (2.0–2.8 times
    /// the ordinary values' own in a numpy check of 12 seeds) and widen the winsorised one by at most a sixth (1.01–1.18),
    /// so a later spell at the cell is still measured against what is usual there; six seeds.
    /// </summary>
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    [InlineData(6UL)]
    public void Spells_do_not_widen_the_winsorised_spread(ulong seed)
    {
        var random = new SplitMix64(seed);
        var plain = new CellDepartureMoments(1, 1);
        var robust = new CellDepartureMoments(1, 1);
        var ordinary = new CellDepartureMoments(1, 1);
        for (int f = 0; f < 43; f++)
        {
            float[] value = [f < 40 ? (float)random.NextGaussian() : 8f];
            plain.Add(0, value);
            robust.Add(0, value, Winsorising.Campbell(20, 2));
            if (f < 40)
            {
                ordinary.Add(0, value);
            }
        }

        double Spread(CellDepartureMoments m) => m.Region(0, [true], minimumHistory: 20)!.Spread;
        Assert.InRange(Spread(plain) / Spread(ordinary), 1.8, double.PositiveInfinity);
        Assert.InRange(Spread(robust) / Spread(ordinary), 0.8, 1.25);
    }
}
