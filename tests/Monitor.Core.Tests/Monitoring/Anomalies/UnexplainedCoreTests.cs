using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Numerics;

namespace Monitor.Core.Tests.Monitoring.Anomalies;

public sealed class UnexplainedCoreTests
{
    private static readonly GridSpec s_global = new(78.75, 22.5, 8, 0, 45, 8);   // 8 × 8, wraps in longitude
    private static readonly GridSpec s_regional = new(60, 5, 6, -20, 5, 7);      // does not wrap

    /// <summary>
    /// On random fields with gaps and random regions, the smallest and largest window means equal a literal computation:
    /// for each region cell with a value, the mean of the values among the 3 × 3 cells around it (longitudes wrapping on a
    /// global grid, rows clipped at the edges), kept when there are at least five.
    /// </summary>
    [Theory]
    [InlineData(true, 1UL)]
    [InlineData(true, 2UL)]
    [InlineData(false, 3UL)]
    [InlineData(false, 4UL)]
    public void The_core_equals_a_literal_window_scan(bool global, ulong seed)
    {
        GridSpec grid = global ? s_global : s_regional;
        var random = new SplitMix64(seed);
        float[] z = [.. Enumerable.Range(0, grid.CellCount).Select(_ => random.NextDouble() < 0.2 ? float.NaN : (float)random.NextGaussian())];
        bool[] mask = [.. Enumerable.Range(0, grid.CellCount).Select(_ => random.NextDouble() < 0.3)];

        var means = new List<double>();
        for (int row = 0; row < grid.LatitudeCount; row++)
        {
            for (int column = 0; column < grid.LongitudeCount; column++)
            {
                if (!mask[(row * grid.LongitudeCount) + column] || float.IsNaN(z[(row * grid.LongitudeCount) + column]))
                {
                    continue;
                }

                var window = new List<double>();
                foreach (int r in new[] { row - 1, row, row + 1 }.Where(r => r >= 0 && r < grid.LatitudeCount))
                {
                    foreach (int c0 in new[] { column - 1, column, column + 1 })
                    {
                        int c = global ? (c0 + grid.LongitudeCount) % grid.LongitudeCount : c0;
                        if (c >= 0 && c < grid.LongitudeCount && !float.IsNaN(z[(r * grid.LongitudeCount) + c]))
                        {
                            window.Add(z[(r * grid.LongitudeCount) + c]);
                        }
                    }
                }

                if (window.Count >= 5)
                {
                    means.Add(window.Average());
                }
            }
        }

        UnexplainedCore? core = UnexplainedCore.Of(grid, z, mask);

        Assert.True(means.Count > 0, "the random region has no window to compare");
        Assert.NotNull(core);
        Assert.Equal(means.Min(), core.Low, 6);
        Assert.Equal(means.Max(), core.High, 6);
    }

    /// <summary>
    /// A warm spell of one 3 × 3 core at +4 standard deviations inside a region of 48 ordinary cells: the region's mean
    /// gives about +0.75, its core +4; windows crossing longitude 0 wrap.
    /// </summary>
    [Fact]
    public void A_small_warm_core_stands_out_where_the_region_mean_dilutes_it()
    {
        GridSpec grid = new(87.1875, 5.625, 32, 0, 5.625, 64);
        float[] z = new float[grid.CellCount];
        bool[] mask = new bool[grid.CellCount];
        for (int row = 4; row < 10; row++)
        {
            for (int column = -4; column < 4; column++)
            {
                mask[(row * 64) + ((column + 64) % 64)] = true;
            }
        }

        foreach (int row in new[] { 6, 7, 8 })
        {
            foreach (int column in new[] { 63, 0, 1 })
            {
                z[(row * 64) + column] = 4;
            }
        }

        UnexplainedCore core = UnexplainedCore.Of(grid, z, mask)!;
        double regionMean = Enumerable.Range(0, grid.CellCount).Where(i => mask[i]).Average(i => z[i]);

        Assert.Equal(0.75, regionMean, 12);
        Assert.Equal(4, core.High, 6);
        Assert.Equal(0, core.Low, 6);
    }

    /// <summary>Without a window of five values (too many gaps) there is no core.</summary>
    [Fact]
    public void Too_few_values_give_no_core()
    {
        float[] z = new float[s_regional.CellCount];
        Array.Fill(z, float.NaN);
        bool[] mask = new bool[s_regional.CellCount];
        mask[8] = true;   // row 1, column 1
        z[8] = 3;
        z[0] = z[1] = z[2] = 1;   // four values in its window

        Assert.Null(UnexplainedCore.Of(s_regional, z, mask));
        z[14] = 1;   // row 2, column 0: the fifth
        Assert.Equal(7 / 5.0, UnexplainedCore.Of(s_regional, z, mask)!.High, 6);
        Assert.Throws<ArgumentException>(() => UnexplainedCore.Of(s_regional, z, new bool[3]));
    }
}
