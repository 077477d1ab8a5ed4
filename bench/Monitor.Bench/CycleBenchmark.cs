using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Runtime;
using Monitor.Core.Relevance;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// One forecast cycle end to end through the real <see cref="CycleProcessor"/> on W1 and W2 (<see cref="CycleWorkload"/>):
/// the report's per-stage seconds and total, and — in the same process, alternating with the cycle run by run — the
/// model compute alone on the same inputs: each model's forward pass over the 13 leads (the predict stage's network
/// call) and, per model and lead, the kept forward pass of the relevance graph plus the backward passes of the same
/// regions in the same batches of K (<see cref="RelevanceExplainer.Forward"/>, <see cref="RelevanceExplainer.Explain(ForwardPass, IReadOnlyList{RelevanceSelector})"/>),
/// with input tensors built beforehand. Compute share = median compute / median cycle total; non-compute overhead = 1 − share.
/// </summary>
internal static class CycleBenchmark
{
    /// <summary>Options: repeat, warmup, workloads (w1,w2).</summary>
    public static readonly string[] Options = ["repeat", "warmup", "workloads", "release"];

    public static void Run(BenchArguments options)
    {
        int repeat = options.Count("repeat", 3), warmup = options.Count("warmup", 1);
        string[] workloads = options.Text("workloads", "w1,w2").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var contention = CpuContention.Start();
        foreach (string name in workloads)
        {
            using CycleWorkload workload = name.ToLowerInvariant() switch
            {
                "w1" => CycleWorkload.W1(),
                "w2" => CycleWorkload.W2(),
                _ => throw new ArgumentException($"--workloads: '{name}' is not w1 or w2."),
            };
            Measure(workload, warmup, repeat, options.Text("release", "no") == "yes");
        }

        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    private static void Measure(CycleWorkload workload, int warmup, int repeat, bool release)
    {
        var processor = new CycleProcessor(workload.Resources, workload.Options);
        CycleId cycle = workload.Cycles[0];
        IReadOnlyList<string> files = workload.Files(cycle);
        Console.WriteLine($"### cycle: {workload.Name}");
        Console.WriteLine();
        Console.WriteLine(workload.Description + ".");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Set-up (generation, climatology, model creation, verification and loading; untimed): {workload.SetupSeconds:F1} s."));
        Console.WriteLine();

        // --release yes: the native heap's free pages go back to the kernel before every timed cycle, so each pays for
        // faulting them in again — the worst case of the service's release (it releases every 10 cycles). Default no.
        CycleReport first = processor.Process(cycle, files, null);
        using var compute = new ComputeReplica(workload, first);
        var reports = new List<CycleReport>();
        var computes = new List<ComputeTimes>();
        for (int i = 0; i < warmup + repeat; i++)
        {
            if (release)
            {
                NativeHeapTuning.ReleaseFreeMemory();
            }

            long t0 = Stopwatch.GetTimestamp();
            CycleReport report = processor.Process(cycle, files, null);
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            ComputeTimes c = compute.Run();
            if (i >= warmup)
            {
                reports.Add(report);
                computes.Add(c with { Wall = wall });
            }
        }

        string[] stages = [.. first.Stages.Select(s => s.Stage)];
        var table = new MarkdownTable("stage", "min s", "median s", "max s", "share of total (median)");
        double[] totals = [.. reports.Select(r => r.Stages.Sum(s => s.Seconds))];
        double medianTotal = Median(totals);
        foreach (string stage in stages)
        {
            double[] s = [.. reports.Select(r => r.Stages.First(x => x.Stage == stage).Seconds)];
            table.Add(stage, F(s.Min(), "F3"), F(Median(s), "F3"), F(s.Max(), "F3"), F(100 * Median(s) / medianTotal, "F1") + " %");
        }

        table.Add("**total (sum of stages)**", F(totals.Min(), "F3"), F(medianTotal, "F3"), F(totals.Max(), "F3"), "100 %");
        double[] walls = [.. computes.Select(c => c.Wall)];
        table.Add("wall time around Process", F(walls.Min(), "F3"), F(Median(walls), "F3"), F(walls.Max(), "F3"), "");
        Console.WriteLine($"Stages of `CycleProcessor.Process` ({repeat} timed runs after {warmup} warm-up):");
        Console.WriteLine();
        Console.WriteLine(table);

        var ct = new MarkdownTable("model compute on the same inputs", "min s", "median s", "max s", "vs the stage (medians)");
        double[] predict = [.. computes.Select(c => c.Predict)], forward = [.. computes.Select(c => c.RelevanceForward)],
            backward = [.. computes.Select(c => c.RelevanceBackward)], all = [.. computes.Select(c => c.Total)];
        double Stage(string name) => Median([.. reports.Select(r => r.Stages.First(x => x.Stage == name).Seconds)]);
        ct.Add("forward passes, 13 leads per model (predict)", F(predict.Min(), "F3"), F(Median(predict), "F3"), F(predict.Max(), "F3"),
            F(100 * Median(predict) / Stage("predict"), "F0") + " % of predict");
        ct.Add("relevance graph forward passes (kept, 1 per model and lead)", F(forward.Min(), "F3"), F(Median(forward), "F3"), F(forward.Max(), "F3"), "");
        ct.Add($"relevance backward passes (K ≤ {workload.Options.ExplanationBatch} per call)", F(backward.Min(), "F3"), F(Median(backward), "F3"), F(backward.Max(), "F3"), "");
        ct.Add("relevance forward + backward", "", F(Median(forward) + Median(backward), "F3"), "",
            F(100 * (Median(forward) + Median(backward)) / Stage("relevance"), "F0") + " % of relevance");
        ct.Add("**model compute total**", F(all.Min(), "F3"), F(Median(all), "F3"), F(all.Max(), "F3"), "");
        double[] call = [.. computes.Select(c => c.PredictCall)], sums = [.. computes.Select(c => c.Summaries)];
        ct.Add("*not compute:* whole `TransferModel.Predict` calls (inputs from the cycle's fields)", F(call.Min(), "F3"), F(Median(call), "F3"), F(call.Max(), "F3"),
            F(100 * Median(call) / Stage("predict"), "F0") + " % of predict");
        ct.Add("*not compute:* `RelevanceSummarizer.Summarize` of every explained region", F(sums.Min(), "F3"), F(Median(sums), "F3"), F(sums.Max(), "F3"),
            F(100 * Median(sums) / Stage("relevance"), "F0") + " % of relevance");
        Console.WriteLine("Model compute alone, on the same inputs, regions and batches (run after each timed cycle):");
        Console.WriteLine();
        Console.WriteLine(ct);

        double share = Median(all) / medianTotal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"**{workload.Name}: cycle total {medianTotal:F2} s (min {totals.Min():F2}, max {totals.Max():F2}); model compute {Median(all):F2} s = {100 * share:F1} % of it; " +
            $"non-compute overhead {100 * (1 - share):F1} %.**"));
        Console.WriteLine();
        CycleReport last = reports[^1];
        var counts = last.Explanations.GroupBy(e => (e.Model, e.LeadHours)).Select(g => g.Count()).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Report: {last.Extremes.Count} extreme regions ({string.Join(", ", last.Extremes.GroupBy(e => e.Kind).Select(g => $"{g.Count()} {g.Key}"))}) over 13 leads; " +
            $"{last.Explanations.Count} explained regions ({string.Join(", ", last.Explanations.GroupBy(e => e.Source).Select(g => $"{g.Count()} {ReportPoints.SourceName(g.Key)}"))}), " +
            $"per model and lead min {counts.Min()}, max {counts.Max()}; {ReportPoints.Lines(last).Count} line-protocol points; kernels {last.Kernels}."));
        foreach (string note in last.Notes.Take(3))
        {
            Console.WriteLine($"- note: {note}");
        }

        if (last.Notes.Count > 3)
        {
            Console.WriteLine($"- … {last.Notes.Count - 3} more notes");
        }

        Console.WriteLine();
    }

    private static double Median(double[] values) => TimingSummary.Of(values).Median;

    private static string F(double value, string format) => MarkdownTable.Number(value, format);

    /// <summary>Seconds of model compute in one replica run.</summary>
    /// <param name="Predict">Each model's network call over the 13 leads.</param>
    /// <param name="RelevanceForward">The relevance graph's kept forward passes.</param>
    /// <param name="RelevanceBackward">The backward passes, K at a time (with the copy of the maps to managed arrays).</param>
    /// <param name="PredictCall">Not compute: the whole <see cref="TransferModel.Predict"/> call, inputs built from the cycle's fields.</param>
    /// <param name="Summaries">Not compute: <see cref="RelevanceSummarizer.Summarize"/> of every explained region, as <see cref="RegionExplainer.ExplainLead{T}"/> calls it.</param>
    private sealed record ComputeTimes(double Predict, double RelevanceForward, double RelevanceBackward, double PredictCall, double Summaries)
    {
        public double Total => Predict + RelevanceForward + RelevanceBackward;

        public double Wall { get; init; }
    }

    /// <summary>The tensor work of a cycle, on input tensors built beforehand: forward passes and relevance passes of the report's regions.</summary>
    private sealed class ComputeReplica : IDisposable
    {
        private readonly List<(TransferModel Model, RelevanceExplainer Explainer, Tensor Inputs, RelevanceSelector[][] Leads, CycleData Data)> _models = [];
        private readonly int _batch;

        public ComputeReplica(CycleWorkload workload, CycleReport report)
        {
            _batch = workload.Options.ExplanationBatch;
            GridSpec grid = workload.Grid;
            CycleId cycle = workload.Cycles[0];
            foreach (MonitoredModel monitored in workload.Resources.Models)
            {
                TransferModel model = monitored.Model;
                CycleData data = ModelCycleReader.Read(model.Spec, cycle, workload.Files(cycle));
                Tensor inputs = model.Inputs(data, 0, data.LeadHours.Count).DetachFromDisposeScope();
                var leads = data.LeadHours.Select(lead => report.Explanations.Where(e => e.Model == model.Spec.Name && e.LeadHours == lead)
                    .Select(e => RelevanceSelector.Region(Mask(workload, report, e, grid), $"{e.Slot} +{lead} h")).ToArray()).ToArray();
                _models.Add((model, RelevanceExplainer.For(model, monitored.Explainer.Composite), inputs, leads, data));
            }
        }

        public ComputeTimes Run()
        {
            double predict = 0, forward = 0, backward = 0, predictCall = 0, summaries = 0;
            foreach ((TransferModel model, RelevanceExplainer explainer, Tensor inputs, RelevanceSelector[][] leads, CycleData data) in _models)
            {
                long t0 = Stopwatch.GetTimestamp();
                model.Predict(data);
                predictCall += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                t0 = Stopwatch.GetTimestamp();
                model.Network.eval();
                using (no_grad())
                using (NewDisposeScope())
                {
                    model.Network.call(inputs).data<float>().ToArray();
                }

                predict += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                for (int l = 0; l < leads.Length; l++)
                {
                    if (leads[l].Length == 0)
                    {
                        continue;
                    }

                    using IDisposable scope = NewDisposeScope();
                    t0 = Stopwatch.GetTimestamp();
                    using ForwardPass pass = explainer.Forward(inputs[l].unsqueeze(0));
                    forward += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    (IReadOnlyList<float> U, IReadOnlyList<float> V)? wind =
                        (data.Field(l, data.IndexOf(WindSpeed.U)).ToArray(), data.Field(l, data.IndexOf(WindSpeed.V)).ToArray());
                    for (int start = 0; start < leads[l].Length; start += _batch)
                    {
                        t0 = Stopwatch.GetTimestamp();
                        Explanation explanation = explainer.Explain(pass, leads[l][start..Math.Min(leads[l].Length, start + _batch)]);
                        backward += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                        t0 = Stopwatch.GetTimestamp();
                        for (int k = 0; k < explanation.Selectors.Count; k++)
                        {
                            RelevanceSummarizer.Summarize(explanation, k, data.Grid, model.Spec.Inputs, wind);
                        }

                        summaries += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    }
                }
            }

            return new ComputeTimes(predict, forward, backward, predictCall, summaries);
        }

        public void Dispose()
        {
            foreach ((_, RelevanceExplainer explainer, Tensor inputs, _, _) in _models)
            {
                explainer.Dispose();
                inputs.Dispose();
            }
        }

        private static bool[] Mask(CycleWorkload workload, CycleReport report, ExplainedRegion e, GridSpec grid)
        {
            switch (e.Source)
            {
                case RegionSource.Watch:
                    return workload.Options.WatchRegions.First(w => w.Name == e.Slot).Mask(grid);
                case RegionSource.Extreme:
                    ExtremeRegion region = report.Extremes.First(r => r.Id == e.RegionId && r.LeadHours == e.LeadHours && r.Variable == e.Target);
                    var mask = new bool[grid.CellCount];
                    foreach (int i in region.Cells)
                    {
                        mask[i] = true;
                    }

                    return mask;
                default:
                    throw new InvalidOperationException($"The benchmark's models have no validation RMSE, so no disagreement regions; got {e.Slot}.");
            }
        }
    }
}
