using System.Globalization;
using System.Text.Json;

namespace Monitor.Bench;

/// <summary>
/// The convolution kernel paths side by side (docs/benchmarks.md, kernel-paths): each in its own process, because
/// oneDNN reads its instruction-set cap once per process. oneDNN at the full instruction set and capped at
/// AVX512_CORE, AVX2 and AVX, and oneDNN off; every child verifies its kernels first (<c>V2V_ONEDNN=on|off</c> forbids
/// a fallback, so a path that is wrong on this machine fails its child instead of being timed).
/// </summary>
internal static class KernelPathsBenchmark
{
    public const string ChildVerb = "kernel-paths-child";

    public static readonly string[] Options = ["repeat", "warmup"];

    private static readonly (string Label, Dictionary<string, string?> Environment)[] s_paths =
    [
        ("oneDNN, full ISA", new() { ["V2V_ONEDNN"] = "on", ["ONEDNN_MAX_CPU_ISA"] = null }),
        ("oneDNN ≤ AVX512_CORE", new() { ["V2V_ONEDNN"] = "on", ["ONEDNN_MAX_CPU_ISA"] = "AVX512_CORE" }),
        ("oneDNN ≤ AVX2", new() { ["V2V_ONEDNN"] = "on", ["ONEDNN_MAX_CPU_ISA"] = "AVX2" }),
        ("oneDNN ≤ AVX", new() { ["V2V_ONEDNN"] = "on", ["ONEDNN_MAX_CPU_ISA"] = "AVX" }),
        ("oneDNN off (native)", new() { ["V2V_ONEDNN"] = "off", ["ONEDNN_MAX_CPU_ISA"] = null }),
    ];

    public static void Run(BenchArguments options)
    {
        string repeat = options.Count("repeat", 3).ToString(CultureInfo.InvariantCulture);
        string warmup = options.Count("warmup", 1).ToString(CultureInfo.InvariantCulture);
        (string fileName, string[] prefix) = ChildProcess.Self();
        var contention = CpuContention.Start();
        var results = new List<(string Label, KernelPathResult? Result, string? Failure)>();
        foreach ((string label, Dictionary<string, string?> environment) in s_paths)
        {
            Console.WriteLine($"  running child: {label} …");
            try
            {
                string output = ChildProcess.Run(fileName, [.. prefix, ChildVerb, "--repeat", repeat, "--warmup", warmup], environment);
                string line = output.Split('\n').Last(l => l.StartsWith(KernelPathsChild.ResultPrefix, StringComparison.Ordinal));
                results.Add((label, JsonSerializer.Deserialize<KernelPathResult>(line[KernelPathsChild.ResultPrefix.Length..]), null));
            }
            catch (InvalidOperationException ex)
            {
                results.Add((label, null, ex.Message.Split('\n').Skip(1).FirstOrDefault(l => l.Length > 0) ?? ex.Message));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Median ms of {repeat} timed runs after {warmup} warm-up; forward: 13 leads in one batch; explanations: {Monitor.Core.Relevance.Composites.CompositeCatalog.Default.Name}, " +
                          "batch 1, each with its own forward pass, 5×5-cell regions; training step: batch 8, L1, backward, AdamW. " +
                          "Ratios against oneDNN at the full ISA measured in the same run.");
        Console.WriteLine();
        KernelPathResult? reference = results[0].Result;
        var table = new MarkdownTable("path", "model", "grid", "create + verify ms", "forward ms", "1 region ms", "16 regions ms", "train step ms",
            "forward ×", "1 region ×", "16 regions ×", "train step ×");
        foreach ((string label, KernelPathResult? result, _) in results)
        {
            if (result is null)
            {
                continue;
            }

            foreach (KernelPathTiming t in result.Timings)
            {
                KernelPathTiming? r = reference?.Timings.FirstOrDefault(x => x.Model == t.Model && x.Grid == t.Grid);
                table.Add(label, t.Model, t.Grid, Ms(t.CreateMs), Ms(t.ForwardMs), Ms(t.ExplainOneMs), Ms(t.ExplainSixteenMs), Ms(t.TrainStepMs),
                    Ratio(t.ForwardMs, r?.ForwardMs), Ratio(t.ExplainOneMs, r?.ExplainOneMs), Ratio(t.ExplainSixteenMs, r?.ExplainSixteenMs), Ratio(t.TrainStepMs, r?.TrainStepMs));
            }
        }

        Console.WriteLine(table);
        var paths = new MarkdownTable("path", "verified kernels", "worst relative error vs float64", "matmul 2048² GFLOP/s (same process)");
        foreach ((string label, KernelPathResult? result, string? failure) in results)
        {
            paths.Add(label, result?.Kernels ?? "FAILED: " + failure, result is null ? "–" : result.WorstRelativeError.ToString("E1", CultureInfo.InvariantCulture),
                result is null ? "–" : MarkdownTable.Number(result.MatmulGflops, "0"));
        }

        Console.WriteLine(paths);
        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static string Ms(double ms) => MarkdownTable.Number(ms, "F1");

    private static string Ratio(double value, double? reference) => reference is double r && r > 0 ? MarkdownTable.Number(value / r, "F2") + "×" : "–";
}
