using System.Diagnostics;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Bench;

/// <summary>
/// <c>v2vmonitor generate</c>'s engine (<see cref="ArchiveGenerator"/>) on the reference workloads: (a) one year of
/// 6-hourly W1 cycles (global 5.625°, 32×64) with 13 leads, written to a temporary directory — wall time, cycles per
/// second and resident memory at start, middle and end (the generator streams cycles, so memory must not grow with the
/// period); (b) one W2 cycle (Euro-Atlantic 0.25°, 160×352) with 13 leads — wall time, with the geography (ETOPO5
/// regridding) timed separately. Goals (issue): W1 year &lt; 60 s and W2 cycle &lt; 2 s on the 2-core machine.
/// </summary>
internal static class SyntheticBenchmark
{
    private const double W1YearGoalSeconds = 60;
    private const double W2CycleGoalSeconds = 2;

    /// <summary>Runs both parts and prints their tables.</summary>
    public static void Run(BenchArguments options)
    {
        string root = options.Text("dir", Path.Combine(Path.GetTempPath(), "v2v-bench-synthetic"));
        int repeat = options.Count("repeat", 3);
        var contention = CpuContention.Start();
        MemorySample start = MemorySample.Take("start (runtime loaded, nothing generated)");

        W1Year(Path.Combine(root, "w1-year"), start);
        W2Cycle(Path.Combine(root, "w2-cycle"), repeat);

        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static void W1Year(string directory, MemorySample start)
    {
        var from = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = from,
            To = new DateTime(2025, 12, 31, 18, 0, 0, DateTimeKind.Utc),
            OutputDirectory = directory,
        };
        int cycles = options.Cycles().Count();
        Console.WriteLine($"### (a) W1 year: {cycles} cycles × {options.LeadHours.Count} leads × {AtmosphereModel.Variables.Count} variables, {options.Grid}");
        Console.WriteLine();
        Reset(directory);

        long t0 = Stopwatch.GetTimestamp();
        Geography geography = GeographyBuilder.Build(options.Grid);
        double geographySeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var probe = new CycleProgressProbe(cycles);
        long t1 = Stopwatch.GetTimestamp();
        GenerationSummary summary = ArchiveGenerator.Generate(options, geography, probe);
        double seconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;
        MemorySample end = MemorySample.Take($"end ({summary.Cycles} cycles written)");
        long bytes = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        // The share of the model alone: the same cycles' fields computed in memory, one thread, no files.
        double computePerCycle = ComputeOnlySeconds(options, geography, cycleCount: 40);

        var table = new MarkdownTable("W1 year", "value");
        table.Add("geography (ETOPO60 regrid, once)", $"{MarkdownTable.Number(geographySeconds * 1000, "0")} ms — {geography.Source}");
        table.Add("**wall time** (`ArchiveGenerator.Generate`, 2 workers)", $"**{MarkdownTable.Number(seconds, "0.0")} s**");
        table.Add("cycles / s", MarkdownTable.Number(cycles / seconds, "0.0"));
        table.Add("per cycle (13 leads, wall)", $"{MarkdownTable.Number(seconds / cycles * 1000, "0.0")} ms");
        table.Add("of which the model alone (in memory, 1 thread)", $"{MarkdownTable.Number(computePerCycle * 1000, "0.0")} ms per cycle");
        table.Add("written", $"{MarkdownTable.Number(bytes / 1e6, "0")} MB in {cycles} files + truth ({summary.Events.Count} planted events)");
        Console.WriteLine(table);

        var memory = new MarkdownTable("moment", "VmRSS MB", "VmHWM MB");
        foreach (MemorySample sample in new[] { start, probe.Middle, end }.OfType<MemorySample>())
        {
            memory.Add(sample.When, MarkdownTable.Number(sample.RssMb, "0"), MarkdownTable.Number(sample.PeakRssMb, "0"));
        }

        Console.WriteLine(memory);
        bool bounded = probe.Middle is not null && end.PeakRssMb < probe.Middle.PeakRssMb * 1.1;
        Console.WriteLine($"Result: W1 year in {MarkdownTable.Number(seconds, "0.0")} s (goal < {W1YearGoalSeconds} s: {(seconds < W1YearGoalSeconds ? "met" : "NOT met")}); " +
                          $"memory {(bounded ? "bounded" : "GROWING")}: peak {MarkdownTable.Number(probe.Middle?.PeakRssMb ?? double.NaN, "0")} MB at the middle, " +
                          $"{MarkdownTable.Number(end.PeakRssMb, "0")} MB at the end.");
        Console.WriteLine();
        Reset(directory);
    }

    private static void W2Cycle(string directory, int repeat)
    {
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Euro025,
            From = new DateTime(2025, 7, 15, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2025, 7, 15, 0, 0, 0, DateTimeKind.Utc),
            OutputDirectory = directory,
        };
        Console.WriteLine($"### (b) W2 cycle: 1 cycle × {options.LeadHours.Count} leads × {AtmosphereModel.Variables.Count} variables, {options.Grid}");
        Console.WriteLine();

        var geographyRuns = new List<double>();
        Geography? geography = null;
        var generateRuns = new List<double>();
        (double Geography, double Cycle) first = default;
        for (int i = 0; i <= repeat; i++)
        {
            Reset(directory);
            long t0 = Stopwatch.GetTimestamp();
            geography = GeographyBuilder.Build(options.Grid);
            double g = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            long t1 = Stopwatch.GetTimestamp();
            ArchiveGenerator.Generate(options, geography);
            double c = Stopwatch.GetElapsedTime(t1).TotalSeconds;
            if (i == 0)
            {
                first = (g, c);   // JIT and page cache cold: reported, not in the median
            }
            else
            {
                geographyRuns.Add(g);
                generateRuns.Add(c);
            }
        }

        double compute = ComputeOnlySeconds(options, geography!, cycleCount: 1);
        TimingSummary geographyTime = TimingSummary.Of(geographyRuns), cycleTime = TimingSummary.Of(generateRuns);
        long bytes = new FileInfo(ArchiveGenerator.CycleFile(directory, new CycleId(options.From))).Length;
        var table = new MarkdownTable("W2 cycle", "median", "best", "first run (cold)");
        table.Add("geography (ETOPO5 regrid)", Ms(geographyTime.Median), Ms(geographyTime.Min), Ms(first.Geography));
        table.Add("**one cycle** (`ArchiveGenerator.Generate`: chain, events, model set-up, 13 leads, netCDF-4 write)", $"**{Ms(cycleTime.Median)}**", Ms(cycleTime.Min), Ms(first.Cycle));
        table.Add("of which the 13 leads in memory (`ArchiveGenerator.Compute`)", Ms(compute), "–", "–");
        table.Add("geography + cycle", Ms(geographyTime.Median + cycleTime.Median), Ms(geographyTime.Min + cycleTime.Min), Ms(first.Geography + first.Cycle));
        Console.WriteLine(table);
        Console.WriteLine($"{repeat} timed runs after one warm-up; file {MarkdownTable.Number(bytes / 1e6, "0.0")} MB; {geography!.Source}.");
        Console.WriteLine($"Result: W2 cycle in {Ms(cycleTime.Median)} (goal < {W2CycleGoalSeconds} s: {(cycleTime.Median < W2CycleGoalSeconds ? "met" : "NOT met")}); " +
                          $"with the geography {Ms(geographyTime.Median + cycleTime.Median)}.");
        Console.WriteLine();
        Reset(directory);
    }

    /// <summary>Seconds per cycle to compute every lead in memory, one thread, with the model set up as the generator does.</summary>
    private static double ComputeOnlySeconds(GeneratorOptions options, Geography geography, int cycleCount)
    {
        CycleId[] cycles = [.. options.Cycles().Take(cycleCount)];
        DateTime end = cycles[^1].InitTime.AddHours(options.LeadHours[^1]).AddDays(1);
        RegimeChain chain = RegimeChain.Generate(options.From.AddDays(-2), end, options.Seed);
        var model = new AtmosphereModel(options.Grid, geography.Fields, chain,
            EventPlanner.Plan(options.Grid, geography.Fields, chain, options.From, end, options.Seed), options.Seed);
        ArchiveGenerator.Compute(model, cycles[0], options.LeadHours, geography.Fields);   // warm-up
        long t0 = Stopwatch.GetTimestamp();
        foreach (CycleId cycle in cycles)
        {
            ArchiveGenerator.Compute(model, cycle, options.LeadHours, geography.Fields);
        }

        return Stopwatch.GetElapsedTime(t0).TotalSeconds / cycles.Length;
    }

    private static void Reset(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Ms(double seconds) => $"{MarkdownTable.Number(seconds * 1000, "0")} ms";
}
