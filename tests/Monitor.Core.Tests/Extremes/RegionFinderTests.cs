using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;

namespace Monitor.Core.Tests.Extremes;

public sealed class RegionFinderTests
{
    private static readonly GridSpec Global = new(87.1875, 5.625, 32, -180, 5.625, 64);

    [Fact]
    public void RegionAcrossTheDateLine_IsOneRegion_WithItsCentroidAndBoxOnTheDateLine()
    {
        // Columns 62, 63 (168.75, 174.375 °E) and 0, 1 (−180, −174.375 °E), rows 8–10 (about 42–31 °N).
        bool[] mask = Mask(Global, [(8, 62), (8, 63), (8, 0), (8, 1), (9, 62), (9, 63), (9, 0), (9, 1), (10, 63), (10, 0)]);
        ExtremeRegion region = Assert.Single(Detect(Global, mask, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0 }));

        Assert.Equal(10, region.CellCount);
        // Every row is symmetric about 177.1875 °E (between columns 63 and 0), so the centroid lies exactly there.
        Assert.True(Math.Abs(region.CentroidLongitude - 177.1875) < 1e-6, $"centroid longitude {region.CentroidLongitude}");
        Assert.Equal(168.75, region.West, 6);
        Assert.Equal(-174.375, region.East, 6);
        Assert.True(region.West > region.East);
        Assert.Equal(Enumerable.Range(8, 3).Sum(r => (r == 10 ? 2 : 4) * Global.CellAreaKm2(r)), region.AreaKm2, 6);
    }

    [Fact]
    public void SameCellsOnARegionalGrid_AreTwoRegions_NoWrap()
    {
        var regional = new GridSpec(87.1875, 5.625, 32, -180, 5.625, 60);
        bool[] mask = Mask(regional, [(8, 59), (8, 0)]);

        Assert.False(regional.IsGlobalWrap);
        Assert.Equal(2, Detect(regional, mask, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0 }).Count);
        Assert.Single(Detect(Global, Mask(Global, [(8, 63), (8, 0)]), new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0 }));
    }

    [Fact]
    public void DiagonalNeighbours_Connect_AndNearbyFragmentsMergeWithinTheDistance()
    {
        var grid = new GridSpec(60, 1, 20, 0, 1, 20);
        bool[] diagonal = Mask(grid, [(5, 5), (6, 6)]);
        bool[] gap = Mask(grid, [(5, 5), (5, 8)]);   // three columns apart at 55 °N: about 190 km

        Assert.Single(RegionFinder.Find(grid, diagonal, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0 }));
        Assert.Equal(2, RegionFinder.Find(grid, gap, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 150 }).Count);
        Assert.Single(RegionFinder.Find(grid, gap, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 250 }));
    }

    [Fact]
    public void CellsAcrossTheSouthPole_InTheLastRow_MergeWithinTheDistance()
    {
        // Row 31 is at 87.1875 °S; columns 0 and 32 are 180° apart, so the cells are 2 × 2.8125° ≈ 625 km apart over the pole.
        bool[] mask = Mask(Global, [(31, 0), (31, 32)]);
        double across = GreatCircle.DistanceKm(Global.Latitude(31), Global.Longitude(0), Global.Latitude(31), Global.Longitude(32));

        Assert.InRange(across, 620, 630);
        Assert.Single(RegionFinder.Find(Global, mask, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 650 }));
        Assert.Equal(2, RegionFinder.Find(Global, mask, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 600 }).Count);
    }

    [Theory]
    [InlineData(150)]
    [InlineData(400)]
    [InlineData(900)]
    [InlineData(2500)]
    public void Merging_EqualsJoiningEveryPairWithinTheDistance_NearBothPoles(double mergeKm)
    {
        var random = new Random(17);
        for (int trial = 0; trial < 20; trial++)
        {
            // Sparse masks in the four rows nearest each pole, where the search width matters most.
            var mask = new bool[Global.CellCount];
            foreach (int row in new[] { 0, 1, 2, 3, 28, 29, 30, 31 })
            {
                for (int c = 0; c < Global.LongitudeCount; c++)
                {
                    mask[(row * Global.LongitudeCount) + c] = random.NextDouble() < 0.04;
                }
            }

            var options = new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = mergeKm };
            Assert.Equal(BruteForceRegions(Global, mask, mergeKm), RegionFinder.Find(Global, mask, options).Select(g => string.Join(",", g)).Order());
        }
    }

    [Fact]
    public void RegionsBelowTheMinimumArea_AreDropped_AfterMerging()
    {
        var grid = new GridSpec(60, 1, 20, 0, 1, 20);
        bool[] mask = Mask(grid, [(5, 5), (5, 8), (15, 15)]);
        double cell = grid.CellAreaKm2(5);

        IReadOnlyList<int[]> merged = RegionFinder.Find(grid, mask, new RegionOptions { MinimumAreaKm2 = 1.5 * cell, MergeDistanceKm = 250 });

        Assert.Equal([(5 * 20) + 5, (5 * 20) + 8], Assert.Single(merged));
    }

    [Fact]
    public void Description_PeakAnomalyAndPercentileExceeded_FollowTheClimatology()
    {
        var grid = new GridSpec(60, 1, 10, 0, 1, 10);
        float[] values = new float[grid.CellCount];
        values[22] = 12;
        values[23] = 15;
        var climate = new ClimateFields([Fill(grid, -10), Fill(grid, -5), Fill(grid, -3), Fill(grid, 3), Fill(grid, 5), Fill(grid, 10)], Fill(grid, 1));

        ExtremeRegion region = Assert.Single(RegionDetector.Detect(grid, ExtremeKind.Hot, values, climate,
            new RegionOptions { MinimumAreaKm2 = 0 }, 24, new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc), "K"));

        Assert.Equal(15, region.PeakValue);
        Assert.Equal(14, region.PeakAnomaly);
        Assert.Equal("p99", region.PercentileExceeded);
        Assert.Equal((15 - 10) / 7.0, region.ShiftOfTails, 6);
        Assert.Equal(grid.Longitude(3), region.PeakLongitude, 9);
    }

    [Fact]
    public void MinimumShiftOfTails_KeepsOnlyCellsBeyondP99ByThatManyTailWidths()
    {
        var grid = new GridSpec(60, 1, 10, 0, 1, 10);
        float[] values = new float[grid.CellCount];
        values[22] = 11;   // SOT (11 − 10)/(10 − 3) = 0.14
        values[23] = 18;   // SOT 8/7 = 1.14
        values[27] = 16;   // SOT 6/7 = 0.86
        var climate = new ClimateFields([Fill(grid, -10), Fill(grid, -5), Fill(grid, -3), Fill(grid, 3), Fill(grid, 5), Fill(grid, 10)], Fill(grid, 1));
        var valid = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);

        ExtremeRegion[] all = [.. RegionDetector.Detect(grid, ExtremeKind.Hot, values, climate, new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0 }, 0, valid, "K")];
        ExtremeRegion strong = Assert.Single(RegionDetector.Detect(grid, ExtremeKind.Hot, values, climate,
            new RegionOptions { MinimumAreaKm2 = 0, MergeDistanceKm = 0, MinimumShiftOfTails = 1 }, 0, valid, "K"));

        Assert.Equal(2, all.Length);
        Assert.Equal([23], strong.Cells);
        Assert.Equal(8 / 7.0, strong.ShiftOfTails, 6);
    }

    [Fact]
    public void NaNValuesOrThresholds_AreNeverExtreme()
    {
        var grid = new GridSpec(60, 1, 10, 0, 1, 10);
        float[] values = Fill(grid, float.NaN);
        values[44] = 5;
        float[] p99 = Fill(grid, 1);
        p99[44] = float.NaN;
        var climate = new ClimateFields([Fill(grid, 0), Fill(grid, 0), Fill(grid, 0), Fill(grid, 0), Fill(grid, 0), p99], Fill(grid, 0));

        Assert.Empty(RegionDetector.Detect(grid, ExtremeKind.Hot, values, climate, new RegionOptions { MinimumAreaKm2 = 0 }, 0,
            new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc), "K"));
    }

    [Fact]
    public void Tracks_FollowOverlappingRegionsAcrossLeads_AndLinkToThePreviousCycle()
    {
        var grid = new GridSpec(60, 1, 20, 0, 1, 40);
        var start = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        ExtremeRegion Region(int lead, int column, DateTime? init = null) => new()
        {
            Kind = "wind", Variable = "si10", Units = "m s**-1", LeadHours = lead, ValidTime = (init ?? start).AddHours(lead),
            AreaKm2 = 1, CentroidLatitude = 0, CentroidLongitude = 0, North = 0, South = 0, West = 0, East = 0, PeakValue = 0, PeakAnomaly = 0,
            PeakLatitude = 0, PeakLongitude = 0, PercentileExceeded = "p99", ShiftOfTails = 1,
            Cells = [.. Enumerable.Range(5, 3).SelectMany(r => Enumerable.Range(column, 4).Select(c => (r * 40) + c))],
        };

        // A storm moving east two columns per lead, and a second one appearing at +12 h far away.
        IReadOnlyList<ExtremeRegion> tracked = ExtremeTracker.AssignTracks([Region(0, 2), Region(6, 4), Region(12, 6), Region(12, 30)]);

        Assert.Equal(["wind-01", "wind-01", "wind-01", "wind-02"], tracked.OrderBy(r => r.LeadHours).ThenBy(r => r.Cells[0]).Select(r => r.Id));

        // The next cycle (6 h later) sees the same storm at the same valid times.
        IReadOnlyList<ExtremeRegion> next = ExtremeTracker.AssignTracks([Region(0, 4, start.AddHours(6)), Region(6, 20, start.AddHours(6))]);
        IReadOnlyList<ExtremeRegion> linked = ExtremeTracker.LinkToPreviousCycle(next, tracked, "2025070100");

        Assert.Equal("2025070100/wind-01", linked.Single(r => r.Id == "wind-01").PreviousCycleId);
        Assert.Null(linked.Single(r => r.Id == "wind-02").PreviousCycleId);
    }

    [Fact]
    public void TwoRegionsOverlappingOnePreviousTrack_OnlyTheLargerOverlapInheritsIt()
    {
        var start = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        ExtremeRegion Region(int lead, int firstColumn, int lastColumn, double area) => new()
        {
            Kind = "hot", Variable = "t2m", Units = "K", LeadHours = lead, ValidTime = start.AddHours(lead),
            AreaKm2 = area, CentroidLatitude = 0, CentroidLongitude = 0, North = 0, South = 0, West = 0, East = 0, PeakValue = 0, PeakAnomaly = 0,
            PeakLatitude = 0, PeakLongitude = 0, PercentileExceeded = "p99", ShiftOfTails = 1,
            Cells = [.. Enumerable.Range(5, 3).SelectMany(r => Enumerable.Range(firstColumn, lastColumn - firstColumn + 1).Select(c => (r * 40) + c))],
        };

        // The lead-0 region (columns 2–13) splits: the larger region by area overlaps it in 9 cells, the smaller in 24.
        IReadOnlyList<ExtremeRegion> tracked = ExtremeTracker.AssignTracks([Region(0, 2, 13, 10), Region(6, 0, 4, 100), Region(6, 6, 13, 1)]);

        Assert.Equal("hot-01", tracked.Single(r => r.LeadHours == 6 && r.Cells[0] == (5 * 40) + 6).Id);
        Assert.Equal("hot-02", tracked.Single(r => r.LeadHours == 6 && r.Cells[0] == 5 * 40).Id);
        Assert.Equal(2, tracked.Select(r => r.Id).Distinct().Count());
    }

    /// <summary>The regions by definition: cells joined when 8-neighbours (columns wrapping) or within the distance.</summary>
    private static IEnumerable<string> BruteForceRegions(GridSpec grid, bool[] mask, double mergeKm)
    {
        int cols = grid.LongitudeCount;
        int[] cells = [.. Enumerable.Range(0, mask.Length).Where(i => mask[i])];
        int[] group = [.. Enumerable.Range(0, cells.Length)];
        int Root(int i) => group[i] == i ? i : group[i] = Root(group[i]);
        for (int i = 0; i < cells.Length; i++)
        {
            for (int j = i + 1; j < cells.Length; j++)
            {
                int r1 = cells[i] / cols, c1 = cells[i] % cols, r2 = cells[j] / cols, c2 = cells[j] % cols;
                int dc = Math.Min(Math.Abs(c1 - c2), cols - Math.Abs(c1 - c2));
                bool touching = Math.Abs(r1 - r2) <= 1 && dc <= 1;
                if (touching || GreatCircle.DistanceKm(grid.Latitude(r1), grid.Longitude(c1), grid.Latitude(r2), grid.Longitude(c2)) <= mergeKm)
                {
                    group[Math.Max(Root(i), Root(j))] = Math.Min(Root(i), Root(j));
                }
            }
        }

        return Enumerable.Range(0, cells.Length).GroupBy(Root).Select(g => string.Join(",", g.Select(i => cells[i]))).Order();
    }

    private static float[] Fill(GridSpec grid, float value) => Enumerable.Repeat(value, grid.CellCount).ToArray();

    private static IReadOnlyList<ExtremeRegion> Detect(GridSpec grid, bool[] mask, RegionOptions options)
    {
        float[] values = [.. mask.Select(m => m ? 2f : 0f)];
        var climate = new ClimateFields([.. Enumerable.Range(0, 6).Select(_ => Fill(grid, 1))], Fill(grid, 0));
        return RegionDetector.Detect(grid, ExtremeKind.Hot with { Threshold = ClimateStatistic.P99 }, values, climate, options, 0,
            new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), "K");
    }

    private static bool[] Mask(GridSpec grid, (int Row, int Column)[] cells)
    {
        var mask = new bool[grid.CellCount];
        foreach (var (row, column) in cells)
        {
            mask[(row * grid.LongitudeCount) + column] = true;
        }

        return mask;
    }
}
