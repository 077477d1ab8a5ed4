using System.Text.Json;

namespace Monitor.Bench;

/// <summary>
/// The allocator before/after: runs <see cref="ConvAllocatorChild"/> once per <see cref="AllocatorVariant"/>, each in
/// a fresh process, and tabulates conv throughput against the glibc default.
/// </summary>
internal static class ConvAllocatorBenchmark
{
    /// <summary>The hidden verb the children run.</summary>
    public const string ChildVerb = "conv-allocator-child";

    /// <summary>Runs the children and prints the table.</summary>
    public static void Run(BenchArguments options)
    {
        int warmup = options.Count("warmup", 3), repeat = options.Count("repeat", 10);
        (string fileName, string[] prefix) = ChildProcess.Self();
        IReadOnlyList<AllocatorVariant> variants = AllocatorVariant.All();
        var results = new List<(AllocatorVariant Variant, ConvChildResult Result)>();
        var contention = CpuContention.Start();
        foreach (AllocatorVariant variant in variants)
        {
            Console.WriteLine($"  running child: {variant.Label} …");
            string output = ChildProcess.Run(fileName,
                [.. prefix, ChildVerb, "--warmup", Str(warmup), "--repeat", Str(repeat)], variant.Environment);
            string line = output.Split('\n').LastOrDefault(l => l.StartsWith(ConvAllocatorChild.ResultPrefix, StringComparison.Ordinal)) ??
                throw new InvalidOperationException($"Child '{variant.Label}' printed no result:{Environment.NewLine}{output}");
            ConvChildResult result = JsonSerializer.Deserialize<ConvChildResult>(line[ConvAllocatorChild.ResultPrefix.Length..]) ??
                throw new InvalidOperationException($"Unreadable child result: {line}");
            results.Add((variant, result));
        }

        Console.WriteLine();
        Console.WriteLine($"3×3 Conv2d 64→64, input [{string.Join(", ", ConvAllocatorChild.InputShape)}] float32, forward only (no_grad), " +
                          $"{MarkdownTable.Number(ConvAllocatorChild.ConvFlop / 1e9, "0.00")} GFLOP per forward; " +
                          $"{warmup} warm-up + {repeat} timed forwards per process; libtorch threads: {results[0].Result.Threads}.");
        Console.WriteLine($"Reference: float32 matmul {ConvAllocatorChild.MatmulSize}² ({MarkdownTable.Number(ConvAllocatorChild.MatmulFlop / 1e9, "0.0")} GFLOP), " +
                          $"2 warm-up + {repeat} timed, in the same process after the conv.");
        Console.WriteLine();

        ConvChildResult baseline = results[0].Result;
        var table = new MarkdownTable("Allocator", "How", "mallopt tuning / jemalloc mapped", "conv ms (median)", "conv ms (best)", "conv GFLOP/s",
            "speed-up vs glibc default", "minor faults / forward", "matmul GFLOP/s", "peak RSS MB");
        foreach ((AllocatorVariant variant, ConvChildResult r) in results)
        {
            table.Add(variant.Label, variant.Setting, $"{(r.TuningApplied ? "yes" : "no")} / {(r.JemallocLoaded ? "yes" : "no")}",
                MarkdownTable.Number(r.ConvMedianMs, "0.0"), MarkdownTable.Number(r.ConvMinMs, "0.0"),
                MarkdownTable.Number(ConvAllocatorChild.ConvFlop / 1e6 / r.ConvMedianMs, "0"),
                MarkdownTable.Number(baseline.ConvMedianMs / r.ConvMedianMs, "0.00") + "×",
                MarkdownTable.Number(r.ConvMinorFaults, "0"),
                MarkdownTable.Number(ConvAllocatorChild.MatmulFlop / 1e6 / r.MatmulMedianMs, "0"),
                MarkdownTable.Number(r.PeakRssMb, "0"));
        }

        Console.WriteLine(table);
        Console.WriteLine("Conv forwards per child, ms in order:");
        foreach ((AllocatorVariant variant, ConvChildResult r) in results)
        {
            Console.WriteLine($"  {variant.Label}: {string.Join(" ", r.ConvRunsMs.Select(ms => MarkdownTable.Number(ms, "0")))}");
        }

        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static string Str(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
