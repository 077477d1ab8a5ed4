using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// One kernel path (set by the parent through <c>V2V_ONEDNN</c> and <c>ONEDNN_MAX_CPU_ISA</c>, which oneDNN reads once per
/// process), measured on the reference workloads: forward of 13 leads, one region's explanation and 16 regions in one
/// call (default composite, each with its own forward pass of batch 1), and one training step (batch 8: forward, L1
/// loss, backward, AdamW); and the model's creation, which verifies the kernels at its layer shapes (the first model of a
/// grid pays for shapes the next one shares). Prints one <c>RESULT</c> JSON line.
/// </summary>
internal static class KernelPathsChild
{
    public const string ResultPrefix = "RESULT ";

    private const int MatmulSize = 2048;

    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 3), warmup = options.Count("warmup", 1);
        TorchRuntime.Initialize();
        var timings = new List<KernelPathTiming>();
        foreach ((string gridName, GridSpec grid) in new[] { ("W1 32×64", SyntheticGrids.Global5625), ("W2 160×352", SyntheticGrids.Euro025) })
        {
            foreach (ModelSpec spec in RelevanceSpeedBenchmark.Specs(grid))
            {
                timings.Add(Measure(spec, gridName, warmup, repeat));
            }
        }

        var result = new KernelPathResult(TorchRuntime.Kernels.ToString(), TorchRuntime.Kernels.WorstRelativeError, Matmul(repeat), timings);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
    }

    private static KernelPathTiming Measure(ModelSpec spec, string gridName, int warmup, int repeat)
    {
        GridSpec grid = spec.Grid;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        using TransferModel model = TransferModel.Create(spec, seed: 1);
        double createMs = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        using IDisposable scope = NewDisposeScope();
        var network = model.Network;
        network.eval();
        Tensor leads = randn(13, spec.Inputs.Count, grid.LatitudeCount, grid.LongitudeCount);
        Tensor one = leads.narrow(0, 0, 1).contiguous();
        TimingSummary forward = TimingSummary.Measure(() =>
        {
            using (no_grad())
            {
                network.call(leads).Dispose();
            }
        }, warmup, repeat);

        using RelevanceExplainer explainer = RelevanceExplainer.For(model, CompositeCatalog.Default);
        RelevanceSelector[] regions = RelevanceSpeedBenchmark.Regions(grid, 16);
        TimingSummary explainOne = TimingSummary.Measure(() => explainer.Explain(one, [regions[0]]), warmup, repeat);
        TimingSummary explainSixteen = TimingSummary.Measure(() => explainer.Explain(one, regions), warmup, repeat);

        double trainStep = TransferForwardBenchmark.TrainingStep(spec, warmup, repeat, batch: 8);

        return new KernelPathTiming(RelevanceSpeedBenchmark.Describe(spec), gridName, createMs,
            forward.Median * 1e3, explainOne.Median * 1e3, explainSixteen.Median * 1e3, trainStep * 1e3);
    }

    /// <summary>float32 matmul GFLOP/s, the machine's ceiling measured in the same process.</summary>
    private static double Matmul(int repeat)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor a = randn(MatmulSize, MatmulSize), b = randn(MatmulSize, MatmulSize);
        TimingSummary time = TimingSummary.Measure(() => a.matmul(b).Dispose(), 2, Math.Max(repeat, 5));
        return 2.0 * MatmulSize * MatmulSize * MatmulSize / time.Median / 1e9;
    }
}
