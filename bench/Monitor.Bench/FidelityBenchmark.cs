using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// Ground-truth fidelity of the attribution methods (Mamalakis, Ebert-Uphoff and Barnes, Environmental Data Science 1,
/// e8, 2022; Mamalakis et al., AIES 2023), on W1: a U-Net learns the synthetic field-to-field problem of
/// <see cref="FidelityProblem"/>, whose true attributions are known; every LRP composite, two uniform rules and the
/// gradient baselines then explain N test samples for the whole field and for one 6×6 region, and each is scored by the
/// per-sample Pearson correlation of its map (all channels and cells) with the truth.
/// </summary>
internal static class FidelityBenchmark
{
    /// <summary>The option names the verb accepts.</summary>
    public static readonly string[] Options =
        ["seed", "train", "batch", "lr", "width", "depth", "samples", "test", "explain-batch", "threads", "functions", "radius", "smoothing"];

    /// <summary>Allowed gap (median correlation) between the best LRP composite and gradient × input.</summary>
    private const double Tolerance = 0.05;

    /// <summary>The explained region: rows 8–13 and columns 61…63, 0…2 (crosses the grid's 0° seam).</summary>
    private static readonly (int Top, int Left, int Size) Region = (8, 61, 6);

    /// <summary>Trains, explains and prints the tables.</summary>
    public static void Run(BenchArguments options)
    {
        int seed = options.Count("seed", 1);
        int trainSamples = options.Count("train", 40_000);
        int batch = options.Count("batch", 32);
        double learningRate = Real(options, "lr", 2e-3);
        int width = options.Count("width", 16);
        int depth = options.Count("depth", 3);
        int explained = options.Count("samples", 200);
        int testSamples = Math.Max(options.Count("test", 1000), explained);
        int explainBatch = options.Count("explain-batch", 20);
        int threads = options.Count("threads", 2);
        int radius = options.Count("radius", 1);
        double smoothing = Real(options, "smoothing", 2.0);
        FidelityFunctions functions = Enum.Parse<FidelityFunctions>(options.Text("functions", "offset"), ignoreCase: true);

        TorchRuntime.Initialize(threads);
        var contention = CpuContention.Start();
        GridSpec grid = SyntheticGrids.Global5625;
        const int channels = 3;
        using var problem = new FidelityProblem(grid.LatitudeCount, grid.LongitudeCount, channels, radius, smoothing, functions, seed);
        random.manual_seed(seed);
        using var network = new UNet(channels, width, depth, PaddingMode.Reflect, PaddingMode.Circular);

        Console.WriteLine($"Grid W1 {grid.LatitudeCount}×{grid.LongitudeCount} (5.625°); C = {channels} Gaussian random fields, kernel σ = " +
                          $"{Str(smoothing, "0.##")} cells, longitude periodic, N(0, 1) per cell; target Σ_c Σ over the {problem.Neighbourhood}×{problem.Neighbourhood} " +
                          $"neighbourhood (latitude clipped) of F(x), piecewise linear with {FidelityProblem.Breakpoints} breakpoints (one at 0), one F per " +
                          (functions == FidelityFunctions.Offset ? "channel and offset" : "channel and cell") + $"; σ_y = {Str(problem.ScaleSigma, "0.000")}; seed {seed}.");
        Console.WriteLine($"Network: UNet(in {channels}, width {width}, depth {depth}, reflect latitude, circular longitude), " +
                          $"{network.parameters().Sum(p => p.numel())} parameters; {threads} libtorch threads.");
        Console.WriteLine();

        FidelityTrainingResult training = FidelityTraining.Train(network, problem, trainSamples, batch, learningRate, seed + 1);
        using IDisposable scope = NewDisposeScope();
        Tensor test;
        using (var generator = new Generator((ulong)seed + 2))
        {
            test = problem.Fields(testSamples, generator);
        }

        var selections = new List<(string Name, string Description, Tensor Mask)>
        {
            ("whole field", $"all {grid.CellCount} cells", ones(1, 1, grid.LatitudeCount, grid.LongitudeCount)),
            ("region", RegionText(grid), RegionMask(grid)),
        };

        PrintModel(network, problem, training, batch, learningRate, test, selections);
        var explainers = new List<RelevanceExplainer>();
        long explainStart = Stopwatch.GetTimestamp();
        try
        {
            var bounds = new InputBounds(training.Low, training.High);
            List<FidelityMethod> methods = Methods(network, problem, bounds, explainers);
            Tensor samples = test.narrow(0, 0, explained);
            var medians = new Dictionary<(string Method, string Selection), double>();
            foreach ((string name, string description, Tensor mask) in selections)
            {
                Console.WriteLine($"### {name}: Σ_S ŷ over {description}, {explained} test samples");
                Console.WriteLine();
                var table = new MarkdownTable("method", "kind", "median r", "IQR", "5–95 %", "mean r", "Σ attribution / Σ_S f (median)",
                    "ms per sample", "rerun Δ");
                foreach (FidelityMethod method in methods)
                {
                    FidelityScore score = Score(method, network, problem, samples, mask, explainBatch);
                    FidelitySummary r = score.Correlation;
                    medians[(method.Name, name)] = r.Median;
                    table.Add(method.OnTruth ? $"*{method.Name}*" : method.Name, method.Kind, Str(r.Median, "0.000"),
                        $"{Str(r.Q1, "0.000")}–{Str(r.Q3, "0.000")}", $"{Str(r.P5, "0.000")}–{Str(r.P95, "0.000")}",
                        Str(r.Mean, "0.000") + Undefined(r.NonFinite, score.NonFiniteMaps), Str(score.Completeness, "0.000"),
                        Str(score.Seconds * 1000 / explained, "0.0"), Str(score.RepeatDifference, "0.0e0"));
                }

                Console.WriteLine(table);
                Verdict(methods, medians, name);
                Console.WriteLine();
            }

            Ablation(network, problem, bounds, explainers, samples, selections, explainBatch);
        }
        finally
        {
            foreach (RelevanceExplainer explainer in explainers)
            {
                explainer.Dispose();
            }
        }

        Console.WriteLine($"Training {Str(training.Seconds, "0")} s; explanations, scoring and ablation {Str(Stopwatch.GetElapsedTime(explainStart).TotalSeconds, "0")} s.");
        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    /// <summary>How training went and how well the network fits: test R², parameter checksum, ŷ at x = 0, z^B bounds.</summary>
    private static void PrintModel(UNet network, FidelityProblem problem, FidelityTrainingResult training, int batch, double learningRate, Tensor test,
        IReadOnlyList<(string Name, string Description, Tensor Mask)> selections)
    {
        (double r2Cells, double[] r2Totals) = FidelityTraining.RSquared(network, problem, test, [.. selections.Select(s => s.Mask)], 100);
        Console.WriteLine($"Training: {training.Samples} fresh samples ({training.Steps} steps of {batch}), AdamW (lr {Str(learningRate, "0.0e0")}, " +
                          $"cosine decay to 2 %, no weight decay), MSE; {Str(training.Seconds, "0")} s.");
        Console.WriteLine("Training MSE per tenth: " + string.Join(", ", training.Log.Select(l => Str(l.Loss, "0.0000"))));
        Console.WriteLine($"Test R² ({test.shape[0]} samples, every cell): **{Str(r2Cells, "0.0000")}**; R² of the explained totals Σ_S y: " +
                          string.Join(", ", selections.Select((s, i) => $"{s.Name} {Str(r2Totals[i], "0.0000")}")) + ".");
        double atZero, checksum;
        using (no_grad())
        {
            atZero = network.call(zeros(1, problem.Channels, problem.Height, problem.Width)).mean().item<float>();
            checksum = network.parameters().Sum(p => p.to(float64).abs().sum().item<double>());
        }

        Console.WriteLine($"Parameter checksum Σ|θ| = {checksum.ToString("R", CultureInfo.InvariantCulture)} (equal across runs when training is deterministic).");
        Console.WriteLine($"Network at x = 0 (never seen in training): mean ŷ = {Str(atZero, "0.000")} (truth 0; integrated gradients explain f(x) − f(0)).");
        Console.WriteLine("Truth check (float64), max over the test samples of |Σ R* − Σ_S y| / |Σ_S y|: " +
                          string.Join(", ", selections.Select(s => $"{s.Name} {Str(TruthError(problem, test, s.Mask), "0.0e0")}")) + ".");
        Console.WriteLine("z^B bounds (training extremes): " +
                          string.Join(", ", Enumerable.Range(0, problem.Channels).Select(c => $"[{Str(training.Low[c], "0.00")}, {Str(training.High[c], "0.00")}]")));
        Console.WriteLine();
    }

    /// <summary>How exactly the truth adds up to the selected target, in float64: max_n |Σ R*_n − Σ_S y_n| / |Σ_S y_n|.</summary>
    private static double TruthError(FidelityProblem problem, Tensor inputs, Tensor mask)
    {
        using IDisposable scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        Tensor x = inputs.to(float64);
        Tensor selector = mask.to(float64);
        Tensor truth = problem.Truth(x, selector).sum([1L, 2L, 3L]);
        Tensor total = problem.Target(x).mul(selector).sum([1L, 2L, 3L]);
        return truth.add(total.neg(), KeptScalars.One).abs().div(total.abs()).max().item<double>();
    }

    /// <summary>The methods: LRP composites and rules on the network, gradient baselines on the network, references on the true function.</summary>
    private static List<FidelityMethod> Methods(UNet network, FidelityProblem problem, InputBounds bounds, List<RelevanceExplainer> explainers)
    {
        var methods = new List<FidelityMethod>();
        IEnumerable<(Composite Composite, string Kind)> composites = NamedComposite.All.Select(c => ((Composite)c, "LRP composite"))
            .Concat([(NamedComposite.Uniform("zero"), "LRP, one rule"), (NamedComposite.Uniform("epsilon:0.25"), "LRP, one rule")]);
        foreach ((Composite composite, string kind) in composites)
        {
            RelevanceExplainer explainer = RelevanceExplainer.For(network, composite, bounds);
            explainers.Add(explainer);
            methods.Add(new FidelityMethod(composite.Name, kind, false, (x, s) => Lrp(network, explainer, x, s)));
        }

        AttributionMethod[] baselines = [new GradientAttribution(), new GradientTimesInputAttribution(), new IntegratedGradientsAttribution(baselineValue: 0)];
        foreach (AttributionMethod baseline in baselines)
        {
            methods.Add(new FidelityMethod(baseline.Name, "baseline", false, (x, s) => baseline.Attribute(network, x, Selector(s, x))));
        }

        // The same methods on the true function: how far a method is from the truth even for a perfect model.
        foreach (AttributionMethod reference in baselines.Skip(1))
        {
            methods.Add(new FidelityMethod(reference.Name + " of the true function", "reference", true,
                (x, s) => reference.Attribute(problem.Target, x, Selector(s, x))));
        }

        return methods;
    }

    /// <summary>
    /// Which layer rule costs fidelity: every named composite with its input rule replaced by LRP-0 or by w² (which
    /// ignores the input values), then with its hidden rule replaced by LRP-0 (LRP-0 in every layer equals gradient ×
    /// input on these LeakyReLU networks).
    /// </summary>
    private static void Ablation(UNet network, FidelityProblem problem, InputBounds bounds, List<RelevanceExplainer> explainers, Tensor samples,
        IReadOnlyList<(string Name, string Description, Tensor Mask)> selections, int batch)
    {
        Console.WriteLine("### Ablation: one layer group of each composite replaced (input by LRP-0 or w², hidden by LRP-0)");
        Console.WriteLine();
        var headers = new List<string> { "composite variant" };
        foreach ((string name, _, _) in selections)
        {
            headers.Add($"{name}: median r");
            headers.Add($"{name}: Σa / Σ_S ŷ");
        }

        var table = new MarkdownTable([.. headers]);
        foreach (NamedComposite composite in NamedComposite.All)
        {
            foreach (Composite variant in new Composite[]
                     {
                         composite, new FidelityAblationComposite(composite, "input", "zero"), new FidelityAblationComposite(composite, "input", "wsquare"),
                         new FidelityAblationComposite(composite, "hidden", "zero"),
                     })
            {
                RelevanceExplainer explainer = RelevanceExplainer.For(network, variant, bounds);
                explainers.Add(explainer);
                var method = new FidelityMethod(variant.Name, "ablation", false, (x, s) => Lrp(network, explainer, x, s));
                var cells = new List<string> { variant.Name };
                foreach ((_, _, Tensor mask) in selections)
                {
                    FidelityScore score = Score(method, network, problem, samples, mask, batch);
                    cells.Add(Str(score.Correlation.Median, "0.000"));
                    cells.Add(Str(score.Completeness, "0.000"));
                }

                table.Add([.. cells]);
            }
        }

        Console.WriteLine(table);
    }

    /// <summary>LRP of Σ_S ŷ: the starting relevance is the selected prediction, s ⊙ ŷ.</summary>
    private static Tensor Lrp(nn.Module<Tensor, Tensor> network, RelevanceExplainer explainer, Tensor x, Tensor selector)
    {
        Tensor output;
        using (no_grad())
        {
            output = network.call(x);
        }

        return explainer.Propagate(x, output.mul(selector));
    }

    /// <summary>The selector broadcast to the batch, as the baselines want it (shaped like the output).</summary>
    private static Tensor Selector(Tensor mask, Tensor x) => mask.expand(x.shape[0], 1, x.shape[2], x.shape[3]);

    /// <summary>
    /// Per-sample Pearson r with the truth, median Σ attribution / Σ_S f, the attribution wall time (s, all samples), and
    /// how far a second run on the first batch differs from the first (max |Δ| / max |a|; 0 when deterministic).
    /// </summary>
    private static FidelityScore Score(FidelityMethod method, nn.Module<Tensor, Tensor> network, FidelityProblem problem, Tensor samples,
        Tensor mask, int batch)
    {
        using IDisposable outer = NewDisposeScope();
        Tensor first = method.Attribute(samples.narrow(0, 0, Math.Min(batch, samples.shape[0])), mask).to(float64);
        double repeatDifference = double.NaN;
        var correlations = new List<double>();
        var completeness = new List<double>();
        int nonFiniteMaps = 0;
        double seconds = 0;
        for (long start = 0; start < samples.shape[0]; start += batch)
        {
            using IDisposable scope = NewDisposeScope();
            Tensor x = samples.narrow(0, start, Math.Min(batch, samples.shape[0] - start));
            long t0 = Stopwatch.GetTimestamp();
            Tensor attribution = method.Attribute(x, mask);
            seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;

            Tensor truth = problem.Truth(x, mask).to(float64);
            Tensor explainedOutput;
            using (no_grad())
            {
                explainedOutput = (method.OnTruth ? problem.Target(x) : network.call(x)).to(float64).mul(mask).sum([1L, 2L, 3L]);
            }

            Tensor a = attribution.to(float64);
            if (start == 0)
            {
                repeatDifference = a.add(first.neg(), KeptScalars.One).abs().max().item<double>() / a.abs().max().item<double>();
            }

            nonFiniteMaps += (int)a.flatten(1).isfinite().all(1).logical_not().sum().item<long>();
            correlations.AddRange(Pearson(a.flatten(1), truth.flatten(1)));
            completeness.AddRange(a.sum([1L, 2L, 3L]).div(explainedOutput).data<double>().ToArray());
        }

        return new FidelityScore(FidelitySummary.Of(correlations), FidelitySummary.Of(completeness).Median, seconds, repeatDifference, nonFiniteMaps);
    }

    /// <summary>Pearson's r of each row of <paramref name="a"/> with the same row of <paramref name="b"/> (<c>[N, M]</c>).</summary>
    private static double[] Pearson(Tensor a, Tensor b)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor ac = a.add(a.mean([1L], keepdim: true).neg(), KeptScalars.One);
        Tensor bc = b.add(b.mean([1L], keepdim: true).neg(), KeptScalars.One);
        Tensor r = ac.mul(bc).sum([1L]).div(ac.mul(ac).sum([1L]).mul(bc.mul(bc).sum([1L])).sqrt());
        return r.data<double>().ToArray();
    }

    /// <summary>The acceptance criterion: best LRP (median r) within <see cref="Tolerance"/> of gradient × input, or better.</summary>
    private static void Verdict(List<FidelityMethod> methods, Dictionary<(string Method, string Selection), double> medians, string selection)
    {
        string reference = new GradientTimesInputAttribution().Name;
        double gxi = medians[(reference, selection)];
        foreach ((string label, Func<FidelityMethod, bool> which) in new (string, Func<FidelityMethod, bool>)[]
        {
            ("best named LRP composite", m => m.Kind == "LRP composite"),
            ("best LRP (composites and one-rule)", m => m.Kind.StartsWith("LRP", StringComparison.Ordinal)),
        })
        {
            FidelityMethod best = methods.Where(which).MaxBy(m => medians[(m.Name, selection)])!;
            double value = medians[(best.Name, selection)];
            bool met = value >= gxi - Tolerance;
            Console.WriteLine($"{selection}: {label} = {best.Name}, median r {Str(value, "0.000")} vs gradient × input {Str(gxi, "0.000")} " +
                              $"(difference {(value >= gxi ? "+" : "−")}{Str(Math.Abs(value - gxi), "0.000")}): criterion (≥ −{Str(Tolerance, "0.00")}) **{(met ? "met" : "NOT met")}**.");
        }
    }

    private static Tensor RegionMask(GridSpec grid)
    {
        var mask = new float[grid.CellCount];
        for (int r = Region.Top; r < Region.Top + Region.Size; r++)
        {
            for (int k = 0; k < Region.Size; k++)
            {
                mask[(r * grid.LongitudeCount) + ((Region.Left + k) % grid.LongitudeCount)] = 1;
            }
        }

        return tensor(mask, [1, 1, grid.LatitudeCount, grid.LongitudeCount]);
    }

    private static string RegionText(GridSpec grid)
    {
        int right = (Region.Left + Region.Size - 1) % grid.LongitudeCount;
        double west = grid.Longitude(Region.Left) - 360;
        return $"{Region.Size}×{Region.Size} cells, rows {Region.Top}–{Region.Top + Region.Size - 1}, columns {Region.Left}…{right} " +
               $"(centres {Str(grid.Latitude(Region.Top + Region.Size - 1), "0.0")}–{Str(grid.Latitude(Region.Top), "0.0")}°N, " +
               $"{Str(-west, "0.0")}°W–{Str(grid.Longitude(right), "0.0")}°E, across the grid's 0° seam)";
    }

    /// <summary>A note on samples without a correlation: an all-constant map, or one with NaN/∞ values.</summary>
    private static string Undefined(int undefined, int nonFiniteMaps) => undefined == 0
        ? ""
        : $" ({undefined} undefined" + (nonFiniteMaps > 0 ? $"; {nonFiniteMaps} with NaN/∞" : "") + ")";

    private static double Real(BenchArguments options, string name, double fallback)
    {
        string text = options.Text(name, fallback.ToString("R", CultureInfo.InvariantCulture));
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--{name} must be a positive number, got '{text}'.");
    }

    private static string Str(double value, string format) => MarkdownTable.Number(value, format);
}
