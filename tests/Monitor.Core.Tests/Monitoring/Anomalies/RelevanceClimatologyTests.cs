using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Numerics;
using Monitor.Core.Monitoring.Anomalies;

namespace Monitor.Core.Tests.Monitoring.Anomalies;

public sealed class RelevanceClimatologyTests
{
    private static readonly string[] Inputs = ["tisr", "u10", "v10"];

    private static readonly GridSpec Grid = new(87.1875, 5.625, 32, 0, 5.625, 64);

    private static readonly DateTime January12 = new(2025, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The score equals a literal Mahalanobis distance: the shrunk, floored covariance built element by element and
    /// inverted by Gauss–Jordan elimination (not the Cholesky path of the code).
    /// </summary>
    [Fact]
    public void Score_EqualsALiteralShrunkMahalanobisDistance()
    {
        RelevanceClimatology climatology = Empty(new RelevanceClimatologyOptions { RobustB1 = null });
        var random = new SplitMix64(5);
        var samples = new List<double[]>();
        for (int i = 0; i < 30; i++)
        {
            double[] x = Ordinary(ref random);
            samples.Add(x);
            Assert.True(climatology.Add(0, 0, January12, x));
        }

        double[] probe = Ordinary(ref random);
        probe[1] += 0.2;
        RelevanceAnomaly anomaly = climatology.Score(0, 0, January12, probe)!;

        int d = probe.Length, n = samples.Count;
        double[] mean = [.. Enumerable.Range(0, d).Select(j => samples.Average(s => s[j]))];
        var sigma = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < d; k++)
            {
                double s = samples.Sum(x => (x[j] - mean[j]) * (x[k] - mean[k])) / n;
                sigma[j, k] = j == k ? s : n / (double)(n + d) * s;
            }

            double floor = j >= 2 * Inputs.Length ? 10 : 0.01;
            sigma[j, j] = Math.Max(sigma[j, j], floor * floor);
        }

        double[,] inverse = Invert(sigma);
        double squared = 0;
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < d; k++)
            {
                squared += (probe[j] - mean[j]) * inverse[j, k] * (probe[k] - mean[k]);
            }
        }

        Assert.Equal(Math.Sqrt(squared), anomaly.Score, 1e-9);
        Assert.Equal(n, anomaly.History);
        Assert.Equal("share_u10", anomaly.Feature);
        Assert.Equal(probe[1], anomaly.Value, 12);
    }

    /// <summary>
    /// An extreme region is scored without the footprint features: its score is the literal Mahalanobis distance of the
    /// other features under the slot's shrunk, floored covariance restricted to them (the marginal), however far its
    /// footprint lies; a watch region keeps every feature, so the same footprint makes it score far higher.
    /// </summary>
    [Fact]
    public void Score_OfAnExtreme_LeavesTheFootprintOut()
    {
        var locations = new RelevanceLocations(Grid, 4, [new WatchRegion("alps", 44, 48, 5, 15)]);
        var climatology = new RelevanceClimatology(new RelevanceClimatologyInfo("m", "t2m", Inputs, locations, [-1], [12], "climatology", "lrp zero"),
            new RelevanceClimatologyOptions { MinimumHistory = 5, RobustB1 = null });
        ExplainedRegion extreme = Region(RegionSource.Extreme, "hot-01", 46.4, 10.3) with { FootprintMeanDistanceKm = 4000, FootprintNorthKm = 3000 };
        ExplainedRegion watch = Region(RegionSource.Watch, "alps", 46, 10) with { FootprintMeanDistanceKm = 4000, FootprintNorthKm = 3000 };
        int bin = climatology.LocationOf(extreme), alps = climatology.LocationOf(watch);
        var random = new SplitMix64(9);
        var samples = new List<double[]>();
        for (int i = 0; i < 30; i++)
        {
            double[] x = Ordinary(ref random);
            samples.Add(x);
            climatology.Add(bin, 48, January12, x);
            climatology.Add(alps, 48, January12, x);
        }

        double[] probe = RelevanceFeatures.Of(extreme, Inputs)!;
        int d = 2 * Inputs.Length, n = samples.Count, all = probe.Length;
        double[] mean = [.. Enumerable.Range(0, d).Select(j => samples.Average(x => x[j]))];
        var sigma = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < d; k++)
            {
                double c = samples.Sum(x => (x[j] - mean[j]) * (x[k] - mean[k])) / n;
                sigma[j, k] = j == k ? Math.Max(c, 0.01 * 0.01) : n / (double)(n + all) * c;
            }
        }

        double[,] inverse = Invert(sigma);
        double squared = 0;
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < d; k++)
            {
                squared += (probe[j] - mean[j]) * inverse[j, k] * (probe[k] - mean[k]);
            }
        }

        RelevanceAnomaly extremeAnomaly = climatology.Score(extreme)!, watchAnomaly = climatology.Score(watch)!;
        Assert.Equal(Math.Sqrt(squared), extremeAnomaly.Score, 1e-9);
        Assert.Equal(d, extremeAnomaly.Features);
        Assert.DoesNotContain("footprint", extremeAnomaly.Feature, StringComparison.Ordinal);
        Assert.Equal(all, watchAnomaly.Features);
        Assert.StartsWith("footprint", watchAnomaly.Feature, StringComparison.Ordinal);
        Assert.True(watchAnomaly.Score > 10 * extremeAnomaly.Score, $"watch {watchAnomaly.Score:F1}, extreme {extremeAnomaly.Score:F1}");
    }

    /// <summary>
    /// Ordinary compositions score about √d (E D² = d for Gaussian features); a composition with a driver's share moved
    /// by five of its standard deviations scores far above any ordinary one.
    /// </summary>
    [Fact]
    public void Score_SeparatesAnUnusualDriverFromOrdinaryCompositions()
    {
        RelevanceClimatology climatology = Empty(new RelevanceClimatologyOptions());
        var random = new SplitMix64(9);
        for (int i = 0; i < 400; i++)
        {
            climatology.Add(0, 0, January12, Ordinary(ref random));
        }

        double[] ordinary = [.. Enumerable.Range(0, 400).Select(_ => climatology.Score(0, 0, January12, Ordinary(ref random))!.Score)];
        double meanSquare = ordinary.Average(s => s * s);
        int d = climatology.FeatureNames.Count;
        Assert.InRange(meanSquare, 0.8 * d, 1.25 * d);

        double[] unusual = Ordinary(ref random);
        unusual[2] += 5 * 0.05;
        unusual[0] -= 5 * 0.05;
        RelevanceAnomaly anomaly = climatology.Score(0, 0, January12, unusual)!;
        Assert.True(anomaly.Score > ordinary.Max(), $"unusual {anomaly.Score:F2}, largest ordinary {ordinary.Max():F2}");
        Assert.StartsWith("share_", anomaly.Feature, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_IsWithheldBelowTheMinimumHistoryAndOutsideTheSlots()
    {
        RelevanceClimatology climatology = Empty(new RelevanceClimatologyOptions { MinimumHistory = 10 });
        var random = new SplitMix64(3);
        for (int i = 0; i < 9; i++)
        {
            climatology.Add(0, 0, January12, Ordinary(ref random));
        }

        Assert.Null(climatology.Score(0, 0, January12, Ordinary(ref random)));
        climatology.Add(0, 0, January12, Ordinary(ref random));
        Assert.NotNull(climatology.Score(0, 0, January12, Ordinary(ref random)));

        // Another season, another hour (06 UTC is not among the hours), another location: no history there.
        Assert.Null(climatology.Score(0, 0, January12.AddMonths(6), Ordinary(ref random)));
        Assert.Equal(-1, climatology.Slot(0, 0, January12.AddHours(-6)));
        Assert.False(climatology.Add(0, 0, January12.AddHours(-6), Ordinary(ref random)));
        Assert.Null(climatology.Score(1, 0, January12, Ordinary(ref random)));
    }

    /// <summary>Once a slot has its history, a gross outlier is added with weight d₀/D and moves the mean less than plainly.</summary>
    [Fact]
    public void Add_DownWeightsOutliersOnceTheSlotHasItsHistory()
    {
        RelevanceClimatology robust = Empty(new RelevanceClimatologyOptions());
        RelevanceClimatology plain = Empty(new RelevanceClimatologyOptions { RobustB1 = null });
        var random = new SplitMix64(17);
        for (int i = 0; i < 50; i++)
        {
            double[] x = Ordinary(ref random);
            robust.Add(0, 0, January12, x);
            plain.Add(0, 0, January12, x);
        }

        double[] outlier = Ordinary(ref random);
        outlier[0] += 0.6;
        double before = plain.Moments(plain.Slot(0, 0, January12))!.Mean[0];
        robust.Add(0, 0, January12, outlier);
        plain.Add(0, 0, January12, outlier);
        WeightedMoments r = robust.Moments(robust.Slot(0, 0, January12))!, p = plain.Moments(plain.Slot(0, 0, January12))!;
        Assert.Equal(51, r.Count);
        Assert.True(r.Weight < 50.5, $"the outlier's weight should be well below 1; total weight {r.Weight:F3}");
        Assert.True(Math.Abs(r.Mean[0] - before) < 0.5 * Math.Abs(p.Mean[0] - before), "the robust mean should move less than half as far");
    }

    [Fact]
    public void Locations_BinsPartitionTheGridAndHoldTheirCentroids()
    {
        var locations = new RelevanceLocations(Grid, 5, [new WatchRegion("alps", 44, 48, 5, 15)]);
        Assert.Equal(7 * 13, locations.BinCount);
        var owners = new int[Grid.CellCount];
        for (int b = 0; b < locations.BinCount; b++)
        {
            bool[] mask = locations.Mask(b);
            for (int cell = 0; cell < mask.Length; cell++)
            {
                owners[cell] += mask[cell] ? 1 : 0;
                if (mask[cell])
                {
                    Assert.Equal(b, locations.BinOf(Grid.Latitude(cell / Grid.LongitudeCount), Grid.Longitude(cell % Grid.LongitudeCount)));
                }
            }
        }

        Assert.All(owners, o => Assert.Equal(1, o));
        Assert.Equal(locations.BinCount, locations.WatchLocation("alps"));
        Assert.Equal("alps", locations.Name(locations.BinCount));
        Assert.Equal(-1, locations.WatchLocation("po"));
    }

    /// <summary>An extreme is scored at the bin of its centroid, a watch region at its own statistics, a disagreement area not at all.</summary>
    [Fact]
    public void Score_OfAnExplainedRegion_UsesItsLocation()
    {
        var locations = new RelevanceLocations(Grid, 4, [new WatchRegion("alps", 44, 48, 5, 15)]);
        var climatology = new RelevanceClimatology(new RelevanceClimatologyInfo("m", "t2m", Inputs, locations, [-1], [12], "climatology", "lrp zero"),
            new RelevanceClimatologyOptions { MinimumHistory = 5 });
        ExplainedRegion extreme = Region(RegionSource.Extreme, "hot-01", 46.4, 10.3);
        int bin = locations.BinOf(46.4, 10.3);
        Assert.Equal(bin, climatology.LocationOf(extreme));
        Assert.Equal(locations.WatchLocation("alps"), climatology.LocationOf(Region(RegionSource.Watch, "alps", 46, 10)));
        Assert.Equal(-1, climatology.LocationOf(Region(RegionSource.Disagreement, "disagreement-1", 46, 10)));

        double[] features = RelevanceFeatures.Of(extreme, Inputs)!;
        Assert.Equal(0.5, features[0], 12);
        Assert.Equal(-0.3, features[5], 12);
        for (int i = 0; i < 5; i++)
        {
            climatology.Add(bin, 48, extreme.ValidTime, features);
        }

        Assert.Equal(0, climatology.Score(extreme)!.Score, 9);
        Assert.Null(climatology.Score(Region(RegionSource.Watch, "alps", 46, 10)));
    }

    private static ExplainedRegion Region(RegionSource source, string id, double latitude, double longitude) =>
        new("m", "t2m", 48, January12, source, id, id, "over it", "the climatology", 4, 1e5, latitude, longitude, 280, 279,
            [new InputRelevance("tisr", 0.5, 0.4, 0.5, 0.45, -0.05), new InputRelevance("u10", 0.2, 0.1, 0.2, 0.15, -0.05),
             new InputRelevance("v10", 0.3, -0.3, 0.3, 0, -0.3)],
            -120, 250, 400, "upwind", 0.2, 0.2, null);

    private static RelevanceClimatology Empty(RelevanceClimatologyOptions options) =>
        new(new RelevanceClimatologyInfo("m", "t2m", Inputs, new RelevanceLocations(Grid, 4, []), [-1], [0, 12], "climatology", "lrp zero"), options);

    /// <summary>An ordinary composition: shares around 0.5/0.2/0.3 (σ 0.05), signed fractions, a footprint of a few hundred km.</summary>
    private static double[] Ordinary(ref SplitMix64 random)
    {
        double a = 0.5 + (0.05 * random.NextGaussian()), b = 0.2 + (0.05 * random.NextGaussian());
        return [a, b, 1 - a - b, 0.4 + (0.05 * random.NextGaussian()), 0.1 + (0.05 * random.NextGaussian()), -0.2 + (0.05 * random.NextGaussian()),
            -100 + (40 * random.NextGaussian()), 200 + (40 * random.NextGaussian()), 400 + (30 * random.NextGaussian())];
    }

    private static double[,] Invert(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var a = new double[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = matrix[i, j];
            }

            a[i, n + i] = 1;
        }

        for (int column = 0; column < n; column++)
        {
            int pivot = Enumerable.Range(column, n - column).MaxBy(r => Math.Abs(a[r, column]));
            for (int j = 0; j < 2 * n; j++)
            {
                (a[column, j], a[pivot, j]) = (a[pivot, j], a[column, j]);
            }

            double p = a[column, column];
            for (int j = 0; j < 2 * n; j++)
            {
                a[column, j] /= p;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != column && a[r, column] != 0)
                {
                    double f = a[r, column];
                    for (int j = 0; j < 2 * n; j++)
                    {
                        a[r, j] -= f * a[column, j];
                    }
                }
            }
        }

        var inverse = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                inverse[i, j] = a[i, n + j];
            }
        }

        return inverse;
    }
}
