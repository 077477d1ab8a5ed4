using System.Diagnostics;
using System.Text.Json;
using Monitor.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// One allocator configuration, measured in its own process (malloc settings are per process): a 3×3 conv 64→64
/// forward on [4, 64, 160, 352] and a 2048² matmul as the ceiling reference. Prints one <c>RESULT</c> JSON line.
/// </summary>
internal static class ConvAllocatorChild
{
    /// <summary>Prefix of the line that carries the result.</summary>
    public const string ResultPrefix = "RESULT ";

    /// <summary>Batch, channels, height, width of the conv input.</summary>
    public static readonly long[] InputShape = [4, 64, 160, 352];

    /// <summary>Matmul size.</summary>
    public const int MatmulSize = 2048;

    /// <summary>FLOP per conv forward: 2 · Cout · Cin · 3 · 3 · N · H · W.</summary>
    public static double ConvFlop => 2.0 * 64 * 64 * 9 * InputShape[0] * InputShape[2] * InputShape[3];

    /// <summary>FLOP per matmul: 2 · n³.</summary>
    public static double MatmulFlop => 2.0 * MatmulSize * MatmulSize * MatmulSize;

    /// <summary>Measures and prints the result line.</summary>
    public static void Run(BenchArguments options)
    {
        int warmup = options.Count("warmup", 3), repeat = options.Count("repeat", 10);
        TorchRuntime.Initialize();
        manual_seed(0);
        using IDisposable noGrad = no_grad();

        using var conv = nn.Conv2d(64, 64, 3, padding: 1);
        conv.eval();
        using Tensor input = randn(InputShape);
        long faultsBefore = 0;
        var convMs = new List<double>(repeat);
        for (int i = 0; i < warmup + repeat; i++)
        {
            if (i == warmup)
            {
                faultsBefore = ProcessCounters.MinorFaults();
            }

            using DisposeScope scope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            _ = conv.forward(input); // CPU ops are synchronous: the output is complete on return
            if (i >= warmup)
            {
                convMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        double faults = (ProcessCounters.MinorFaults() - faultsBefore) / (double)repeat;

        using Tensor a = randn(MatmulSize, MatmulSize), b = randn(MatmulSize, MatmulSize);
        TimingSummary matmulTiming = TimingSummary.Measure(() =>
        {
            using DisposeScope scope = NewDisposeScope();
            _ = matmul(a, b);
        }, warmup: 2, repeat);

        TimingSummary convTiming = TimingSummary.Of(convMs);
        var result = new ConvChildResult
        {
            TuningApplied = NativeHeapTuning.IsApplied,
            JemallocLoaded = File.ReadLines("/proc/self/maps").Any(l => l.Contains("libjemalloc", StringComparison.Ordinal)),
            Threads = get_num_threads(),
            ConvRunsMs = convMs,
            ConvMedianMs = convTiming.Median,
            ConvMinMs = convTiming.Min,
            ConvMinorFaults = faults,
            MatmulMedianMs = matmulTiming.Median * 1000,
            MatmulMinMs = matmulTiming.Min * 1000,
            PeakRssMb = ProcessCounters.StatusMb("VmHWM"),
            RssMb = ProcessCounters.StatusMb("VmRSS"),
        };
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
    }
}
