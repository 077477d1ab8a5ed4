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
}
