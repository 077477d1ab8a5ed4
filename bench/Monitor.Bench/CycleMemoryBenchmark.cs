using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;

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
    public static readonly string[] Options = ["cycles", "warmup"];

    public static void Run(BenchArguments options)
    {
        int cycles = options.Count("cycles", 100), warmup = options.Count("warmup", 2);
        var contention = CpuContention.Start();
        using CycleWorkload workload = CycleWorkload.W1();
        var processor = new CycleProcessor(workload.Resources, workload.Options);
        var cycle = workload.Cycles[0];
        IReadOnlyList<string> files = workload.Files(cycle);
        Console.WriteLine($"### cycle-memory: {cycles} consecutive W1 cycles");
        Console.WriteLine();
        Console.WriteLine(workload.Description + ".");
        Console.WriteLine();
        MemorySample start = MemorySample.Take("after set-up");
        for (int i = 0; i < warmup; i++)
        {
            _ = ReportPoints.Lines(processor.Process(cycle, files, null));
        }

        var table = new MarkdownTable("cycles processed", "VmRSS MB", "VmHWM MB", "managed heap MB", "tensors alive (dispose scopes)", "seconds per cycle (last 10)");
        table.Add("set-up", F(start.RssMb), F(start.PeakRssMb), F(GC.GetTotalMemory(false) / 1048576.0), Live(), "");
        MemorySample warm = MemorySample.Take("after warm-up");
        table.Add($"warm-up ({warmup})", F(warm.RssMb), F(warm.PeakRssMb), F(GC.GetTotalMemory(false) / 1048576.0), Live(), "");
        var points = new List<(int Cycle, double Rss)>();
        var clock = Stopwatch.StartNew();
        int lines = 0;
        for (int i = 1; i <= cycles; i++)
        {
            CycleReport report = processor.Process(cycle, files, null);
            lines = ReportPoints.Lines(report).Count;
            if (i % 10 == 0)
            {
                MemorySample sample = MemorySample.Take($"{i}");
                points.Add((i, sample.RssMb));
                table.Add(i.ToString(CultureInfo.InvariantCulture), F(sample.RssMb), F(sample.PeakRssMb), F(GC.GetTotalMemory(false) / 1048576.0), Live(),
                    MarkdownTable.Number(clock.Elapsed.TotalSeconds / 10, "F2"));
                clock.Restart();
            }
        }

        Console.WriteLine(table);
        var after = points.Where(p => p.Cycle >= 20).ToArray();
        if (after.Length >= 2)
        {
            double mx = after.Average(p => p.Cycle), my = after.Average(p => p.Rss);
            double slope = after.Sum(p => (p.Cycle - mx) * (p.Rss - my)) / after.Sum(p => (p.Cycle - mx) * (p.Cycle - mx)) * 10;
            double growth = (after[^1].Rss - after[0].Rss) / after[0].Rss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"From cycle {after[0].Cycle} to {after[^1].Cycle}: slope {slope:F2} MB per 10 cycles (least squares), VmRSS {after[0].Rss:F1} → {after[^1].Rss:F1} MB " +
                $"({100 * growth:+0.00;-0.00} %); goal: flat, i.e. growth < 1 % — {(Math.Abs(growth) < 0.01 ? "met" : "NOT met")}. {lines} points per cycle."));
            Console.WriteLine();
        }

        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static string Live() => TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.ToString(CultureInfo.InvariantCulture);

    private static string F(double mb) => MarkdownTable.Number(mb, "F1");
}
