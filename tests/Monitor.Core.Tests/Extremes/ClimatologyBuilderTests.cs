using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Tests.Support;
using Monitor.Core.Tests.Synthetic;

namespace Monitor.Core.Tests.Extremes;

public sealed class ClimatologyBuilderTests : IDisposable
{
    private static readonly GridSpec Grid = new(50, 1, 3, 10, 1, 4);
    private static readonly VariableId T2m = new("t2m");
    private static readonly VariableId Tp = new("tp");
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Statistics_EqualALiteralOracle_Type7PercentilesMeanAndStd_PerHourAndWindow()
    {
        ArrayClimateSource source = Source(new DateTime(2023, 12, 1, 0, 0, 0, DateTimeKind.Utc), 500, seed: 3);
        ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m, Tp] }, new ClimatologyFiles(_directory.Path));
        using ClimatologyFile file = ClimatologyFile.Open(Path.Combine(_directory.Path, ClimatologyFile.FileName(T2m)));
        ClimatologyVariableInfo info = file.Info;

        Assert.Equal([0, 6, 12, 18], info.Hours);
        Assert.Equal(73, info.WindowCentres.Count);
        var values = new float[Grid.CellCount];
        int checkedSlots = 0;
        foreach (int h in new[] { 0, 3 })
        {
            foreach (int w in new[] { 0, 11, 59, 72 })
            {
                // Oracle: the samples at that valid hour whose (365-day) day of year lies within ±15 days of the centre.
                int centre = 1 + (5 * w);
                int[] members = [.. Enumerable.Range(0, source.Samples.Count).Where(i =>
                    source.Samples[i].ValidTime.Hour == info.Hours[h] && CircularDays(NoLeapDay(source.Samples[i].ValidTime), centre) <= 15)];
                Assert.Equal(members.Length, info.Counts[(h * 73) + w]);
                foreach (ClimateStatistic statistic in ClimateStatistics.All)
                {
                    file.Read(statistic, h, w, 0, Grid.LatitudeCount, values);
                    for (int cell = 0; cell < Grid.CellCount; cell++)
                    {
                        double[] x = [.. members.Select(i => (double)Field(source, T2m, i)[cell])];
                        double mean = x.Average();
                        double expected = statistic switch
                        {
                            ClimateStatistic.Mean => mean,
                            ClimateStatistic.Std => Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length),
                            _ => Percentile.Of(x, ClimateStatistics.Level(statistic)),
                        };
                        Assert.True(Math.Abs(values[cell] - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)),
                            $"{ClimateStatistics.Name(statistic)} hour {info.Hours[h]} window {centre} cell {cell}: {values[cell]} vs oracle {expected}");
                    }
                }

                checkedSlots++;
            }
        }

        Assert.Equal(8, checkedSlots);
    }

    [Fact]
    public void TinyMemoryBudget_OneRowPerPass_EqualsTheInMemoryBuild_BitForBit()
    {
        ArrayClimateSource source = Source(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 120, seed: 5);
        string whole = Path.Combine(_directory.Path, "whole"), streamed = Path.Combine(_directory.Path, "streamed");
        ClimatologyBuildResult a = ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m, Tp] }, new ClimatologyFiles(whole));
        ClimatologyBuildResult b = ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m, Tp], MemoryBudgetBytes = 1 }, new ClimatologyFiles(streamed));

        Assert.Equal(1, a.Blocks);
        Assert.Equal(Grid.LatitudeCount, b.Blocks);
        Assert.Equal(1, b.RowsPerBlock);
        AssertSameClimatology(whole, streamed);
    }

    [Fact]
    public void UpdateWithNewCycles_EqualsBuildingFromAllCycles_BitForBit()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ArrayClimateSource all = Source(start, 400, seed: 9);
        ArrayClimateSource first = Subset(all, 330);
        string updated = Path.Combine(_directory.Path, "updated"), built = Path.Combine(_directory.Path, "built");
        var options = new ClimatologyOptions { Variables = [T2m, Tp] };
        ClimatologyBuilder.Build(first, options, new ClimatologyFiles(updated));
        ClimatologyBuildResult update = ClimatologyBuilder.Update(all, new ClimatologyFiles(updated), 1 << 20);
        ClimatologyBuilder.Build(all, options, new ClimatologyFiles(built));

        Assert.Equal(280, update.NewCycles);
        Assert.InRange(update.WindowsComputed, 1, update.WindowsTotal - 1);
        AssertSameClimatology(built, updated);
        ClimatologyBuildResult again = ClimatologyBuilder.Update(all, new ClimatologyFiles(updated), 1 << 20);
        Assert.Equal((0, 0, 0), (again.NewCycles, again.WindowsComputed, again.SamplesRead));
        AssertSameClimatology(built, updated);
    }

    [Fact]
    public void Update_WhenACycleOfTheClimatologyLeftTheArchive_SaysSoAndNamesIt()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ArrayClimateSource all = Source(start, 20, seed: 1);
        ClimatologyBuilder.Build(all, new ClimatologyOptions { Variables = [T2m] }, new ClimatologyFiles(_directory.Path));
        var later = new ArrayClimateSource(Grid, [.. all.Samples.Skip(4)], new Dictionary<VariableId, IReadOnlyList<float[]>>
        {
            [T2m] = [.. all.Samples.Skip(4).Select(s => Field(all, T2m, IndexOf(all, s)))],
        });

        CycleDataException ex = Assert.Throws<CycleDataException>(() => ClimatologyBuilder.Update(later, new ClimatologyFiles(_directory.Path), 1 << 20));
        Assert.Contains("2024010100", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rebuild", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNInASample_IsRejected_NamingTheVariableAndSample()
    {
        ArrayClimateSource clean = Source(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 10, seed: 2);
        float[][] tp = [.. Enumerable.Range(0, clean.Samples.Count).Select(i => Field(clean, Tp, i))];
        tp[7][5] = float.NaN;
        var source = new ArrayClimateSource(Grid, clean.Samples, new Dictionary<VariableId, IReadOnlyList<float[]>>
        {
            [T2m] = [.. Enumerable.Range(0, clean.Samples.Count).Select(i => Field(clean, T2m, i))],
            [Tp] = tp,
        });

        ArgumentException ex = Assert.Throws<ArgumentException>(() =>
            ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m, Tp] }, new ClimatologyFiles(_directory.Path)));
        Assert.Contains("'tp'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024010218 +0 h", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Theory]
    [InlineData(-1, 5, "--window-days")]
    [InlineData(15, 0, "--day-step")]
    public void BadOptions_AreNamed(int windowDays, int dayStep, string option)
    {
        ArrayClimateSource source = Source(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 4, seed: 2);
        ArgumentException ex = Assert.Throws<ArgumentException>(() =>
            ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m], WindowDays = windowDays, DayStep = dayStep }, new ClimatologyFiles(_directory.Path)));
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(0, 2)]
    [InlineData(2, 6)]
    public void WindowThatLeavesDaysInNoWindow_IsRejected_NamingBothOptions(int windowDays, int dayStep)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new ClimatologyOptions { WindowDays = windowDays, DayStep = dayStep }.Validate());
        Assert.Contains("--window-days", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--day-step", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(182, 365)]
    public void EveryCoveringWindow_IsAccepted_AndCoversEveryDay(int windowDays, int dayStep)
    {
        new ClimatologyOptions { WindowDays = windowDays, DayStep = dayStep }.Validate();
        int[] centres = ClimateCalendar.WindowCentres(dayStep);
        Assert.All(Enumerable.Range(1, 365), day => Assert.Contains(centres, c => ClimateCalendar.Distance(c, day) <= windowDays));
    }

    [Fact]
    public void Rebuild_RemovesFilesItDoesNotWrite_AndOpenRefusesAMixedDirectory()
    {
        ArrayClimateSource source = Source(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 40, seed: 4);
        ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m, Tp] }, new ClimatologyFiles(_directory.Path));
        var log = new List<string>();
        ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [T2m], WindowDays = 10 }, new ClimatologyFiles(_directory.Path), new SyncProgress(log.Add));

        Assert.Equal([ClimatologyFile.FileName(T2m)], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
        Assert.Contains(log, line => line.Contains(ClimatologyFile.FileName(Tp), StringComparison.Ordinal) && line.Contains("removed", StringComparison.Ordinal));
        using (PercentileClimatology climate = ClimatologyFiles.Open(_directory.Path))
        {
            Assert.Equal([T2m], climate.Variables);
        }

        // A file of another build copied in: the directory no longer holds one climatology.
        string other = Path.Combine(_directory.Path, "other");
        ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [Tp] }, new ClimatologyFiles(other));
        File.Copy(Path.Combine(other, ClimatologyFile.FileName(Tp)), Path.Combine(_directory.Path, ClimatologyFile.FileName(Tp)));
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => ClimatologyFiles.Open(_directory.Path));
        Assert.Contains("other settings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowsPerBlock_KeepsEveryBufferWithinArrayMaxLength_WhateverTheBudget()
    {
        foreach ((int samples, int targets) in new[] { (20_000, 1), (100, 500), (5_000, 73 * 4) })
        {
            int rows = ClimatologyBuilder.RowsPerBlock(long.MaxValue / 2, 721, 1440, 3, samples, targets);
            Assert.InRange(rows, 1, 720);
            Assert.True((long)rows * 1440 * 3 * samples <= Array.MaxLength, $"data: {rows} rows of {samples} samples");
            Assert.True((long)rows * 1440 * 3 * 8 * targets <= Array.MaxLength, $"results: {rows} rows of {targets} slots");
        }

        Assert.Equal(721, ClimatologyBuilder.RowsPerBlock(long.MaxValue / 2, 721, 1440, 1, 10, 1));
        Assert.Equal(1, ClimatologyBuilder.RowsPerBlock(1, 721, 1440, 1, 10, 1));
        Assert.Throws<ArgumentException>(() => ClimatologyBuilder.RowsPerBlock(1L << 30, 721, 1_000_000, 3, 1_000, 1));
    }

    [Fact]
    public void Calendar_FoldsTheLeapDay_AndWindowsWrapAtTheYearsEnd()
    {
        Assert.Equal(59, ClimateCalendar.DayOfYear(new DateTime(2024, 2, 29)));
        Assert.Equal(59, ClimateCalendar.DayOfYear(new DateTime(2024, 2, 28)));
        Assert.Equal(365, ClimateCalendar.DayOfYear(new DateTime(2024, 12, 31)));
        Assert.Equal(1, ClimateCalendar.Distance(365, 1));
        Assert.Equal(0, ClimateCalendar.NearestCentre(ClimateCalendar.WindowCentres(5), 364));
    }

    // Independent of ClimateCalendar: the same month and day in a non-leap year (29 February as 28 February).
    private static int NoLeapDay(DateTime t) => new DateTime(2023, t.Month, t.Month == 2 && t.Day == 29 ? 28 : t.Day).DayOfYear;

    private static int CircularDays(int a, int b) => Math.Min(Math.Abs(a - b), 365 - Math.Abs(a - b));

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private static ArrayClimateSource Source(DateTime start, int days, int seed)
    {
        var random = new Random(seed);
        ClimateSample[] samples = [.. Enumerable.Range(0, days * 4).Select(i => new ClimateSample(new CycleId(start.AddHours(6 * i)), 0))];
        float[][] t2m = [.. samples.Select(s => Enumerable.Range(0, Grid.CellCount).Select(c =>
            (float)(280 + (10 * Math.Sin(2 * Math.PI * s.ValidTime.DayOfYear / 365.0)) + (3 * random.NextDouble()) + c)).ToArray())];
        float[][] tp = [.. samples.Select(_ => Enumerable.Range(0, Grid.CellCount).Select(_ =>
            random.NextDouble() < 0.7 ? 0f : (float)(0.002 * random.NextDouble())).ToArray())];
        return new ArrayClimateSource(Grid, samples, new Dictionary<VariableId, IReadOnlyList<float[]>> { [T2m] = t2m, [Tp] = tp });
    }

    private static ArrayClimateSource Subset(ArrayClimateSource all, int days)
    {
        ClimateSample[] samples = [.. all.Samples.Take(days * 4)];
        return new ArrayClimateSource(Grid, samples, new Dictionary<VariableId, IReadOnlyList<float[]>>
        {
            [T2m] = [.. Enumerable.Range(0, samples.Length).Select(i => Field(all, T2m, i))],
            [Tp] = [.. Enumerable.Range(0, samples.Length).Select(i => Field(all, Tp, i))],
        });
    }

    private static int IndexOf(ArrayClimateSource source, ClimateSample sample) => source.Samples.ToList().IndexOf(sample);

    private static float[] Field(ArrayClimateSource source, VariableId variable, int index)
    {
        var values = new float[Grid.CellCount];
        source.Read(source.Samples[index], [variable], 0, Grid.LatitudeCount, values);
        return values;
    }

    private static void AssertSameClimatology(string expectedDirectory, string actualDirectory)
    {
        foreach (VariableId variable in new[] { T2m, Tp })
        {
            using ClimatologyFile expected = ClimatologyFile.Open(Path.Combine(expectedDirectory, ClimatologyFile.FileName(variable)));
            using ClimatologyFile actual = ClimatologyFile.Open(Path.Combine(actualDirectory, ClimatologyFile.FileName(variable)));
            Assert.Equal(expected.Info.Counts, actual.Info.Counts);
            Assert.Equal(expected.Info.Cycles, actual.Info.Cycles);
            Assert.Equal(expected.Info.Hours, actual.Info.Hours);
            var a = new float[Grid.CellCount];
            var b = new float[Grid.CellCount];
            for (int h = 0; h < expected.Info.HourSlots; h++)
            {
                for (int w = 0; w < expected.Info.WindowCentres.Count; w++)
                {
                    foreach (ClimateStatistic s in ClimateStatistics.All)
                    {
                        expected.Read(s, h, w, 0, Grid.LatitudeCount, a);
                        actual.Read(s, h, w, 0, Grid.LatitudeCount, b);
                        Assert.True(a.AsSpan().SequenceEqual(b), $"{variable} {ClimateStatistics.Name(s)} hour slot {h} window {w} differ");
                    }
                }
            }
        }
    }
}
