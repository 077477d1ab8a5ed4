using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// Cost of explanations against a reference state at production shape (issue 15, deliverables 2 and 5): the service's
/// default, reference-point LRP with LRP-0 everywhere (<c>zero</c>), and integrated gradients with the reference as
/// baseline — on the whole grid and on the region's receptive-field window (<see cref="AttributionWindow"/>, checked
/// against the whole grid's output first, as the explainer does) — against the model's own forward pass, on W1 and W2,
/// U-Net and ResNet, 6 inputs, batch 1, a 5×5-cell region near the north-west corner (rows and columns 2–6; windowed
/// integrated gradients also for a 5×5-cell region in the grid's middle).
/// Each pair is timed alternately (<see cref="TimingSummary.MeasurePair"/>) so both see the same load.
/// </summary>
internal static class ReferenceCostBenchmark
{
    /// <summary>Options: repeat, warmup, steps (IG steps).</summary>
    public static readonly string[] Options = ["repeat", "warmup", "steps", "steps-per-batch"];

    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 9), warmup = options.Count("warmup", 2), steps = options.Count("steps", IntegratedGradientsAttribution.DefaultSteps);
        int stepsPerBatch = options.Count("steps-per-batch", IntegratedGradientsAttribution.DefaultStepsPerBatch);
        TorchRuntime.Initialize();
        Composite composite = NamedComposite.Uniform("zero");
        var table = new MarkdownTable("model", "grid", "forward ms (median)",
            "reference LRP, both passes + backward / forward", "reference LRP on kept passes / forward", "K = 16 on kept passes, per region / forward",
            $"IG {steps} steps / forward", "IG / reference LRP (both passes)", $"IG {steps} steps on the region's window / forward (the window)", $"the same for a 5×5 region in the grid's middle");
        foreach ((string gridName, GridSpec grid) in new[] { ("W1 32×64", SyntheticGrids.Global5625), ("W2 160×352", SyntheticGrids.Euro025) })
        {
            foreach (ModelSpec spec in RelevanceSpeedBenchmark.Specs(grid))
            {
                using TransferModel model = TransferModel.Create(spec, seed: 1);
                using IDisposable scope = NewDisposeScope();
                Tensor x = randn(1, spec.Inputs.Count, grid.LatitudeCount, grid.LongitudeCount);
                Tensor reference = x.mul(0.5).add(randn_like(x).mul(0.3));
                var network = model.Network;
                network.eval();
                void Forward()
                {
                    using (no_grad())
                    {
                        network.call(x).Dispose();
                    }
                }

                RelevanceSelector centre = RelevanceSpeedBenchmark.Regions(grid, 1)[0];
                RelevanceSelector[] sixteen = RelevanceSpeedBenchmark.Regions(grid, 16);
                RelevanceSelector middle = RelevanceSpeedBenchmark.Region(grid, (grid.LatitudeCount / 2) - 2, (grid.LongitudeCount / 2) - 2, "middle");
                using RelevanceExplainer explainer = RelevanceExplainer.For(model, composite);
                (TimingSummary forward, _, double both) = TimingSummary.MeasurePair(Forward, () =>
                {
                    using ForwardPass pass = explainer.Forward(x), referencePass = explainer.Forward(reference);
                    explainer.Explain(pass, referencePass, [centre]);
                }, warmup, repeat);
                using ForwardPass kept = explainer.Forward(x), keptReference = explainer.Forward(reference);
                (_, _, double onKept) = TimingSummary.MeasurePair(Forward, () => explainer.Explain(kept, keptReference, [centre]), warmup, repeat);
                (_, _, double batched) = TimingSummary.MeasurePair(Forward, () => explainer.Explain(kept, keptReference, sixteen), 1, Math.Max(1, (repeat + 1) / 2));
                Tensor weights = centre.OutputWeights(kept.Output, keptReference.Output);
                var integrated = new IntegratedGradientsAttribution(steps, stepsPerBatch: stepsPerBatch);
                (_, _, double ig) = TimingSummary.MeasurePair(Forward, () => integrated.Attribute(network, x, weights, reference).Dispose(), 1, Math.Max(1, (repeat + 1) / 2));
                (_, _, double igOverLrp) = TimingSummary.MeasurePair(() =>
                {
                    using ForwardPass pass = explainer.Forward(x), referencePass = explainer.Forward(reference);
                    explainer.Explain(pass, referencePass, [centre]);
                }, () => integrated.Attribute(network, x, weights, reference).Dispose(), 1, Math.Max(1, (repeat + 1) / 2));
                string WindowedIntegratedGradients(RelevanceSelector region)
                {
                    Tensor regionWeights = region.OutputWeights(kept.Output, keptReference.Output);
                    if (AttributionWindow.For(spec, regionWeights) is not { } window)
                    {
                        return "no window (the receptive field covers the grid)";
                    }

                    Tensor windowX = window.Crop(x), windowWeights = window.Crop(regionWeights), windowReference = window.Crop(reference);
                    (_, _, double onWindow) = TimingSummary.MeasurePair(Forward, () =>
                    {
                        window.Verify(network, x, kept.Output, regionWeights);
                        window.Embed(integrated.Attribute(network, windowX, windowWeights, windowReference)).Dispose();
                    }, 1, Math.Max(1, (repeat + 1) / 2));
                    return $"{Ratio(onWindow)} ({window})";
                }

                table.Add(RelevanceSpeedBenchmark.Describe(spec), gridName, MarkdownTable.Number(forward.Median * 1e3, "F1"), Ratio(both), Ratio(onKept),
                    Ratio(batched / 16), Ratio(ig), Ratio(igOverLrp), WindowedIntegratedGradients(centre), WindowedIntegratedGradients(middle));
            }
        }

        Console.WriteLine($"Explanations against a reference state (composite {composite.Name}; IG with the reference as baseline, {stepsPerBatch} steps per batch); medians of alternating pairs:");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static string Ratio(double ratio) => MarkdownTable.Number(ratio, "F2") + "×";
}
