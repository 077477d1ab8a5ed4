using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// Cost of explanations against the model's own forward pass, measured side by side in one process: one region's
/// explanation over one forward pass (batch 1) on W1 and W2 per composite, with its own forward pass and on a kept one
/// (<see cref="ForwardPass"/>: the prediction's, as when a lead is predicted and then its regions explained); K = 16 regions explained in one call
/// against 16 single explanations; and the process's memory across 1,000 explanations (resident set after a full GC,
/// and the tensors alive in dispose scopes).
/// </summary>
internal static class RelevanceSpeedBenchmark
{
    /// <summary>Options: repeat, warmup, explanations (memory run length).</summary>
    public static readonly string[] Options = ["repeat", "warmup", "explanations"];

    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 15), warmup = options.Count("warmup", 2), explanations = options.Count("explanations", 1000);
        TorchRuntime.Initialize();
        Composite[] composites = [.. NamedComposite.All, NamedComposite.Uniform("zero")];
        var single = new MarkdownTable("model", "grid", "composite", "forward ms (median)", "one region ms (median)", "explanation / forward (median of pairs)",
            "on a kept forward pass ms", "kept-pass explanation / forward");
        var batched = new MarkdownTable("model", "grid", "16 single ms", "K = 16 batched ms", "batched / 16 single (median of pairs)");
        foreach ((string gridName, GridSpec grid) in new[] { ("W1 32×64", SyntheticGrids.Global5625), ("W2 160×352", SyntheticGrids.Euro025) })
        {
            foreach (ModelSpec spec in Specs(grid))
            {
                using TransferModel model = TransferModel.Create(spec, seed: 1);
                string name = Describe(spec);
                using IDisposable scope = NewDisposeScope();
                Tensor x = randn(1, spec.Inputs.Count, grid.LatitudeCount, grid.LongitudeCount);
                var network = model.Network;
                network.eval();
                void Forward()
                {
                    using (no_grad())
                    {
                        network.call(x).Dispose();
                    }
                }

                RelevanceSelector[] regions = Regions(grid, 16);
                RelevanceSelector centre = Region(grid, (grid.LatitudeCount / 2) - 2, (grid.LongitudeCount / 2) - 2, "centre");
                foreach (Composite composite in composites)
                {
                    using RelevanceExplainer explainer = RelevanceExplainer.For(model, composite);
                    (TimingSummary forward, TimingSummary one, double ratio) = TimingSummary.MeasurePair(
                        Forward, () => explainer.Explain(x, [centre]), warmup, repeat);
                    using ForwardPass pass = explainer.Forward(x);
                    (_, TimingSummary reusing, double reusingRatio) = TimingSummary.MeasurePair(
                        Forward, () => explainer.Explain(pass, [centre]), warmup, repeat);
                    single.Add(name, gridName, composite.Name, Ms(forward.Median), Ms(one.Median), Ratio(ratio), Ms(reusing.Median), Ratio(reusingRatio));
                    if (composite == CompositeCatalog.Default)
                    {
                        (TimingSummary sixteen, TimingSummary together, double batchRatio) = TimingSummary.MeasurePair(
                            () =>
                            {
                                foreach (RelevanceSelector region in regions)
                                {
                                    explainer.Explain(x, [region]);
                                }
                            },
                            () => explainer.Explain(x, regions),
                            1,
                            Math.Max(1, (repeat + 1) / 2));
                        batched.Add(name, gridName, Ms(sixteen.Median), Ms(together.Median), Ratio(batchRatio));
                    }
                }
            }
        }

        Console.WriteLine("One region's explanation against one forward pass (batch 1; goal ≤ 2.5×):");
        Console.WriteLine();
        Console.WriteLine(single);
        Console.WriteLine($"K = 16 regions explained in one call against 16 single explanations ({CompositeCatalog.Default.Name}; goal ≤ 0.5×):");
        Console.WriteLine();
        Console.WriteLine(batched);
        Memory(explanations);
    }

    /// <summary>Explains a region on W1 <paramref name="count"/> times and prints the memory at intervals.</summary>
    private static void Memory(int count)
    {
        ModelSpec spec = Specs(SyntheticGrids.Global5625)[0];
        using TransferModel model = TransferModel.Create(spec, seed: 1);
        using RelevanceExplainer explainer = RelevanceExplainer.For(model, CompositeCatalog.Default);
        RelevanceSelector[] regions = Regions(spec.Grid, 4);
        var table = new MarkdownTable("explanations", "resident MB (after GC)", "tensors alive in scopes");
        int[] checkpoints = [1, 10, 100, 250, 500, 750, count];
        var start = Stopwatch.StartNew();
        for (int i = 1; i <= count; i++)
        {
            using (IDisposable scope = NewDisposeScope())
            {
                Tensor x = randn(1, spec.Inputs.Count, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount);
                explainer.Explain(x, [regions[i % regions.Length]]);
            }

            if (checkpoints.Contains(i))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                table.Add(i.ToString(CultureInfo.InvariantCulture), MarkdownTable.Number(process.WorkingSet64 / 1048576.0, "F1"),
                    DisposeScopeManager.Statistics.ThreadTotalLiveCount.ToString(CultureInfo.InvariantCulture));
            }
        }

        Console.WriteLine($"Memory across {count} explanations ({Describe(spec)}, W1, {CompositeCatalog.Default.Name}, {start.Elapsed.TotalSeconds:F1} s):");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    /// <summary><paramref name="count"/> 5×5-cell regions spread over the grid.</summary>
    internal static RelevanceSelector[] Regions(GridSpec grid, int count)
        => [.. Enumerable.Range(0, count).Select(k => Region(
            grid, 2 + (k * 7 % Math.Max(1, grid.LatitudeCount - 7)), 2 + (k * 11 % Math.Max(1, grid.LongitudeCount - 7)), $"region {k}"))];

    /// <summary>The 5×5-cell region whose north-west cell is (<paramref name="row"/>, <paramref name="column"/>).</summary>
    internal static RelevanceSelector Region(GridSpec grid, int row, int column, string name)
    {
        var mask = new bool[grid.CellCount];
        for (int r = row; r < row + 5; r++)
        {
            for (int c = column; c < column + 5; c++)
            {
                mask[(r * grid.LongitudeCount) + c] = true;
            }
        }

        return RelevanceSelector.Region(mask, name);
    }

    internal static ModelSpec[] Specs(GridSpec grid)
    {
        string[] inputs = ["tcc", "u10", "v10", "tp", "tisr", "orography"];
        var standardisation = inputs.Append("t2m").ToDictionary(n => n, _ => new Standardisation([0.0], [1.0]) { Minimum = [-4.0], Maximum = [4.0] });
        (PaddingMode lat, PaddingMode lon) = ModelSpec.PaddingFor(grid);
        ModelSpec Make(Architecture a, int width) => new()
        {
            Name = "bench", Target = "t2m", Inputs = inputs, Architecture = a, Width = width, Depth = 3, Blocks = 4, Grid = grid,
            LatitudePadding = lat, LongitudePadding = lon, Standardisation = standardisation,
        };

        return [Make(Architecture.UNet, 16), Make(Architecture.ResNet, 32)];
    }

    internal static string Describe(ModelSpec spec)
        => $"{spec.Architecture} w{spec.Width}" + (spec.Architecture == Architecture.UNet ? $" d{spec.Depth}" : $" b{spec.Blocks}");

    private static string Ms(double seconds) => MarkdownTable.Number(seconds * 1e3, "F1");

    private static string Ratio(double ratio) => MarkdownTable.Number(ratio, "F2") + "×";
}
