using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// Transfer-model forward time per lead on W1 and W2 at batch 1 and 13, as achieved GFLOP/s (nominal FLOPs,
/// <see cref="ModelFlops"/>) against a float32 matmul 4096² ceiling measured in the same process; and training
/// throughput (forward + backward + AdamW step) in samples per second.
/// </summary>
internal static class TransferForwardBenchmark
{
    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 5), warmup = options.Count("warmup", 2);
        TorchRuntime.Initialize();
        double ceiling = MatmulCeiling(warmup, repeat);
        Console.WriteLine($"float32 matmul 4096² ceiling: {MarkdownTable.Number(ceiling, "F1")} GFLOP/s (2 threads, heap tuned: {NativeHeapTuning.IsApplied})");
        Console.WriteLine();
        var table = new MarkdownTable("model", "grid", "batch", "GFLOP per sample", "ms per batch (median)", "ms per lead", "GFLOP/s", "% of matmul ceiling");
        foreach ((string gridName, GridSpec grid) in new[] { ("W1 32×64", SyntheticGrids.Global5625), ("W2 160×352", SyntheticGrids.Euro025) })
        {
            foreach (ModelSpec spec in Specs(grid))
            {
                using TransferModel model = TransferModel.Create(spec, seed: 1);
                var network = model.Network;
                network.eval();
                foreach (int batch in new[] { 1, 13 })
                {
                    using IDisposable scope = NewDisposeScope();
                    Tensor x = randn(batch, spec.Inputs.Count, grid.LatitudeCount, grid.LongitudeCount);
                    TimingSummary timing;
                    using (no_grad())
                    {
                        timing = TimingSummary.Measure(() => network.call(x).Dispose(), warmup, repeat);
                    }

                    double flops = ModelFlops.Forward(spec) * batch;
                    double gflops = flops / timing.Median / 1e9;
                    table.Add($"{spec.Architecture} w{spec.Width}" + (spec.Architecture == Architecture.UNet ? $" d{spec.Depth}" : $" b{spec.Blocks}"),
                        gridName, batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        MarkdownTable.Number(ModelFlops.Forward(spec) / 1e9, "F3"), MarkdownTable.Number(timing.Median * 1e3, "F1"),
                        MarkdownTable.Number(timing.Median * 1e3 / batch, "F2"), MarkdownTable.Number(gflops, "F1"),
                        MarkdownTable.Number(100 * gflops / ceiling, "F0") + " %");
                }
            }
        }

        Console.WriteLine(table);
        Console.WriteLine("Training throughput (forward + backward + AdamW step, batch 16, W1):");
        var training = new MarkdownTable("model", "samples/s", "ms per step (median)");
        foreach (ModelSpec spec in Specs(SyntheticGrids.Global5625))
        {
            double perStep = TrainingStep(spec, warmup, repeat);
            training.Add($"{spec.Architecture} w{spec.Width}", MarkdownTable.Number(16 / perStep, "F0"), MarkdownTable.Number(perStep * 1e3, "F1"));
        }

        Console.WriteLine(training);
    }

    private static ModelSpec[] Specs(GridSpec grid)
    {
        var standardisation = new Dictionary<string, Standardisation>();
        string[] inputs = ["tcc", "u10", "v10", "tp", "tisr", "orography"];
        foreach (string name in inputs.Append("t2m"))
        {
            standardisation[name] = new Standardisation([0.0], [1.0]);
        }

        (PaddingMode lat, PaddingMode lon) = ModelSpec.PaddingFor(grid);
        ModelSpec Make(Architecture a, int width) => new()
        {
            Name = "bench", Target = "t2m", Inputs = inputs, Architecture = a, Width = width, Depth = 3, Blocks = 4, Grid = grid,
            LatitudePadding = lat, LongitudePadding = lon, Standardisation = standardisation,
        };

        return [Make(Architecture.UNet, 16), Make(Architecture.UNet, 32), Make(Architecture.ResNet, 32)];
    }

    private static double MatmulCeiling(int warmup, int repeat)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor a = randn(4096, 4096), b = randn(4096, 4096);
        TimingSummary timing = TimingSummary.Measure(() => matmul(a, b).Dispose(), warmup, repeat);
        return 2.0 * 4096 * 4096 * 4096 / timing.Median / 1e9;
    }

    /// <summary>Median seconds of one training step (forward, L1, backward, AdamW) on <paramref name="batch"/> random samples.</summary>
    internal static double TrainingStep(ModelSpec spec, int warmup, int repeat, int batch = 16)
    {
        using TransferModel model = TransferModel.Create(spec, seed: 1);
        var network = model.Network;
        network.train();
        var optimizer = optim.AdamW(network.parameters(), lr: 1e-3);
        using IDisposable outer = NewDisposeScope();
        Tensor x = randn(batch, spec.Inputs.Count, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount);
        Tensor y = randn(batch, 1, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount);
        TimingSummary timing = TimingSummary.Measure(() =>
        {
            using IDisposable scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = nn.functional.l1_loss(network.call(x), y);
            loss.backward();
            optimizer.step();
        }, warmup, repeat);
        return timing.Median;
    }
}
