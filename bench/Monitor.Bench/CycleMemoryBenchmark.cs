using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Runtime;

namespace Monitor.Bench;

/// <summary>
/// Resident memory over many consecutive W1 cycles through the real <see cref="CycleProcessor"/> in one process, as the
/// service runs them: the same generated cycle re-processed (no previous cycle linked), each report turned into its
/// line-protocol points and dropped. <c>VmRSS</c> (no forced collection, as the service would see it) after the
/// warm-up and every 10 cycles, with the managed heap and libtorch's live tensors beside it; the slope is the
/// least-squares line through the samples from cycle 20 on.
/// </summary>
internal static class CycleMemoryBenchmark
{
    /// <summary>Options: cycles, warmup.</summary>
    public static readonly string[] Options = ["cycles", "warmup", "part", "compact", "release-every"];

    public static void Run(BenchArguments options)
    {
        int cycles = options.Count("cycles", 100), warmup = options.Count("warmup", 2);
        // --part all (default): the whole cycle; no-relevance: every stage but LRP (no watch regions, no region explained);
        // read: only the cycle's files read; predict: read + every model's prediction; extremes: read + extreme detection
        // — to find which part a growth comes from.
        string part = options.Text("part", "all");
        // --compact yes: after each sample, a blocking compacting GC (large objects too) and RSS again: what is left is not
        // the collector's lazy heap sizing.
        bool compact = options.Text("compact", "no") == "yes";
        // --release-every N: the native heap's free pages go back to the kernel every N cycles, as the service's
        // CycleHandler does (default 10, as there; a large N for never).
        int releaseEvery = options.Count("release-every", 10);
        int sinceRelease = 0;
        var contention = CpuContention.Start();
        using CycleWorkload workload = CycleWorkload.W1();
        CycleProcessorOptions processorOptions = part == "no-relevance" ? workload.Options with { WatchRegions = [], MaxRegionsPerLead = 0 } : workload.Options;
        var processor = new CycleProcessor(workload.Resources, processorOptions);
        var cycle = workload.Cycles[0];
        IReadOnlyList<string> files = workload.Files(cycle);
        Console.WriteLine($"### cycle-memory: {cycles} consecutive W1 cycles (part: {part}; native heap released every {releaseEvery} cycle(s){(compact ? "; compacting GC at every sample" : "")})");
        Console.WriteLine();
        Console.WriteLine(workload.Description + ".");
        Console.WriteLine();
        MemorySample start = MemorySample.Take("after set-up");
        for (int i = 0; i < warmup; i++)
        {
            Step();
        }

        var table = new MarkdownTable("cycles processed", "VmRSS MB", "VmHWM MB", "managed heap MB", "tensors alive (dispose scopes)", "seconds per cycle (last 10)",
            "VmRSS after a compacting GC, MB");
        table.Add("set-up", F(start.RssMb), F(start.PeakRssMb), F(GC.GetTotalMemory(false) / 1048576.0), Live(), "", "");
        MemorySample warm = MemorySample.Take("after warm-up");
        table.Add($"warm-up ({warmup})", F(warm.RssMb), F(warm.PeakRssMb), F(GC.GetTotalMemory(false) / 1048576.0), Live(), "", "");
        var points = new List<(int Cycle, double Rss)>();
        var compacted = new List<(int Cycle, double Rss)>();
        var clock = Stopwatch.StartNew();
        int lines = 0;
        for (int i = 1; i <= cycles; i++)
        {
            lines = Step();
            if (i % 10 == 0)
            {
                MemorySample sample = MemorySample.Take($"{i}");
                points.Add((i, sample.RssMb));
                double managed = GC.GetTotalMemory(false) / 1048576.0;
                if (!compact)
                {
                    table.Add(i.ToString(CultureInfo.InvariantCulture), F(sample.RssMb), F(sample.PeakRssMb), F(managed), Live(),
                        MarkdownTable.Number(clock.Elapsed.TotalSeconds / 10, "F2"), "");
                    clock.Restart();
                    continue;
                }

                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                MemorySample after = MemorySample.Take($"{i} after GC");
                compacted.Add((i, after.RssMb));
                table.Add(i.ToString(CultureInfo.InvariantCulture), F(sample.RssMb), F(sample.PeakRssMb), F(managed), Live(),
                    MarkdownTable.Number(clock.Elapsed.TotalSeconds / 10, "F2"), F(after.RssMb));
                clock.Restart();
            }
        }

        Console.WriteLine(table);
        Slope("VmRSS", points, lines);
        if (compact)
        {
            Slope("VmRSS after a compacting GC", compacted, lines);
        }
        Console.WriteLine(contention.Describe());
        Console.WriteLine();

        int Step()
        {
            int result = Work();
            if (++sinceRelease >= releaseEvery)
            {
                sinceRelease = 0;
                NativeHeapTuning.ReleaseFreeMemory();
            }

            return result;
        }

        int Work()
        {
            if (part is "read" or "predict" or "extremes")
            {
                CycleData data = new CycleAssembler().Assemble(cycle, files).Data;
                if (part == "predict")
                {
                    return workload.Resources.Models.Sum(m => CyclePrediction.Run(m.Model, data).Leads.Count);
                }

                if (part == "extremes")
                {
                    return ExtremeDetector.Detect(data, workload.Resources.Climatology!, processorOptions.ExtremeKinds, processorOptions.Regions).Regions.Count;
                }

                return data.LeadHours.Count;
            }

            return ReportPoints.Lines(processor.Process(cycle, files, null)).Count;
        }
    }

    private static void Slope(string what, List<(int Cycle, double Rss)> points, int lines)
    {
        var after = points.Where(p => p.Cycle >= 20).ToArray();
        if (after.Length >= 2)
        {
            double mx = after.Average(p => p.Cycle), my = after.Average(p => p.Rss);
            double slope = after.Sum(p => (p.Cycle - mx) * (p.Rss - my)) / after.Sum(p => (p.Cycle - mx) * (p.Cycle - mx)) * 10;
            double growth = (after[^1].Rss - after[0].Rss) / after[0].Rss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what} from cycle {after[0].Cycle} to {after[^1].Cycle}: slope {slope:F2} MB per 10 cycles (least squares), {after[0].Rss:F1} → {after[^1].Rss:F1} MB " +
                $"({100 * growth:+0.00;-0.00} %); goal: flat, i.e. growth < 1 % — {(Math.Abs(growth) < 0.01 ? "met" : "NOT met")}. {lines} points per cycle."));
            Console.WriteLine();
        }
    }

    private static string Live() => TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.ToString(CultureInfo.InvariantCulture);

    private static string F(double mb) => MarkdownTable.Number(mb, "F1");
}
