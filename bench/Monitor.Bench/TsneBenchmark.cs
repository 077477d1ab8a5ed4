using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Monitor.Core.Formats.Csv;
using Monitor.Core.Regimes.Embedding;

namespace Monitor.Bench;

/// <summary>
/// t-SNE on 10,000 states × 50 dimensions, ours against scikit-learn's Barnes-Hut TSNE (n_jobs = 2) on the same CSV
/// matrix in one run: wall time of the fit, the exact KL divergence of both final embeddings (our routine against our
/// P, and the peer's numpy routine against scikit-learn's P), scikit-learn's own kl_divergence_, and T(10) of both.
/// The matrix is a Gaussian mixture written once: 20 centres drawn from N(0, 3²) per dimension, each state a centre
/// chosen uniformly plus N(0, 1) noise per dimension (seed 1).
/// </summary>
internal static class TsneBenchmark
{
    /// <summary>Options: dir, states, dims, perplexity, iterations, seed, jobs, peer (sklearn | none), matrix (mixture | archive).</summary>
    public static readonly string[] Options = ["dir", "states", "dims", "perplexity", "iterations", "seed", "jobs", "peer", "matrix"];

    private static string Script => Path.Combine(AppContext.BaseDirectory, "tsne_peer.py");

    public static void Run(BenchArguments options)
    {
        var c = CultureInfo.InvariantCulture;
        string dir = options.Text("dir", Path.Combine(Path.GetTempPath(), "v2v-bench-tsne"));
        int states = options.Count("states", 10_000), dims = options.Count("dims", 50), iterations = options.Count("iterations", 1000);
        int seed = options.Count("seed", 0), jobs = options.Count("jobs", 2);
        double perplexity = double.Parse(options.Text("perplexity", "30"), c);
        Directory.CreateDirectory(dir);
        string matrix = options.Text("matrix", "mixture");
        if (matrix is not ("mixture" or "archive"))
        {
            throw new ArgumentException($"--matrix '{matrix}' is not mixture or archive.");
        }

        string input = Path.Combine(dir, string.Create(c, $"{matrix}-{states}x{dims}.csv"));
        if (!File.Exists(input))
        {
            double[,] data = matrix == "mixture" ? Mixture(states, dims, 20, 1) : TsneArchiveMatrix.Build(states, dims);
            MatrixCsv.Write(input, data, [.. Enumerable.Range(1, dims).Select(i => string.Create(c, $"c{i}"))]);
        }

        (double[,] x, _) = MatrixCsv.Read(input);
        Console.WriteLine(string.Create(c, $"Matrix: {input} ({x.GetLength(0)} × {x.GetLength(1)}); perplexity {perplexity}, {iterations} iterations, PCA init, θ = 0.5; {Environment.ProcessorCount} cores"));
        Console.WriteLine();

        var options2 = new TsneOptions { Perplexity = perplexity, Iterations = iterations, Seed = seed };
        var contention = CpuContention.Start();
        var watch = Stopwatch.StartNew();
        TsneOptimisation ours = TsneEmbedder.Optimise(x, options2);
        double oursSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Ours: {contention.Describe()}");
        string oursPath = Path.Combine(dir, "ours.csv");
        MatrixCsv.Write(oursPath, ours.Coordinates, ["x", "y"]);
        watch.Restart();
        _ = TsneEmbedder.Affinities(x, perplexity);
        Console.WriteLine(string.Create(c, $"Of our fit: nearest neighbours + P alone take {watch.Elapsed.TotalSeconds:F1} s (measured again separately)."));
        if (options.Text("peer", "sklearn") == "none")
        {
            Console.WriteLine(string.Create(c, $"Ours only: {oursSeconds:F1} s, exact KL {KlDivergence.Exact(ours.Affinities, ours.Coordinates):F4}, T(10) {Trustworthiness.Compute(x, ours.Coordinates, 10):F4}"));
            return;
        }

        string sklearnPath = Path.Combine(dir, "sklearn.csv");
        contention = CpuContention.Start();
        string fit = ChildProcess.Run(PythonPeer.Interpreter, [Script, "fit", input, sklearnPath, "--perplexity", perplexity.ToString(c),
            "--iterations", iterations.ToString(c), "--jobs", jobs.ToString(c), "--seed", seed.ToString(c)]);
        Console.WriteLine($"scikit-learn: {contention.Describe()}");
        using JsonDocument peer = JsonDocument.Parse(fit);
        double sklearnSeconds = peer.RootElement.GetProperty("seconds").GetDouble();
        double sklearnOwnKl = peer.RootElement.GetProperty("kl_divergence_").GetDouble();
        string version = peer.RootElement.GetProperty("sklearn").GetString() ?? "?";
        (double[,] theirs, _) = MatrixCsv.Read(sklearnPath);

        watch.Restart();
        double oursKl = KlDivergence.Exact(ours.Affinities, ours.Coordinates);
        double oursT = Trustworthiness.Compute(x, ours.Coordinates, 10);
        double assessSeconds = watch.Elapsed.TotalSeconds;
        double theirsKl = KlDivergence.Exact(ours.Affinities, theirs);
        double theirsT = Trustworthiness.Compute(x, theirs, 10);

        string assess = ChildProcess.Run(PythonPeer.Interpreter, [Script, "assess", input, oursPath, sklearnPath, "--perplexity", perplexity.ToString(c)]);
        using JsonDocument check = JsonDocument.Parse(assess);
        JsonElement oursCheck = check.RootElement[0], theirsCheck = check.RootElement[1];

        var table = new MarkdownTable("implementation", "fit wall time s", "exact KL (ours, our P)", "exact KL (numpy, sklearn's P)", "sklearn kl_divergence_", "T(10) (ours)", "T(10) (sklearn.manifold.trustworthiness)");
        table.Add("V2V Monitor (C#, Barnes-Hut)", F(oursSeconds, 1), F(oursKl, 4), F(oursCheck.GetProperty("kl_exact").GetDouble(), 4), "–", F(oursT, 4),
            F(oursCheck.GetProperty("trustworthiness_10").GetDouble(), 4));
        table.Add($"scikit-learn {version} TSNE (barnes_hut, n_jobs={jobs})", F(sklearnSeconds, 1), F(theirsKl, 4), F(theirsCheck.GetProperty("kl_exact").GetDouble(), 4),
            F(sklearnOwnKl, 4), F(theirsT, 4), F(theirsCheck.GetProperty("trustworthiness_10").GetDouble(), 4));
        Console.WriteLine(table);
        Console.WriteLine(string.Create(c, $"Time ours / sklearn: {oursSeconds / sklearnSeconds:F3} (goal ≤ 0.5). KL ours / sklearn (our routine): {oursKl / theirsKl:F3}; T(10) ours − sklearn: {oursT - theirsT:+0.0000;-0.0000} (goal: within 5 %)."));
        Console.WriteLine(string.Create(c, $"Our quality report (exact KL + T(10)) took {assessSeconds:F1} s beyond the fit."));
    }

    /// <summary>The documented Gaussian mixture: <paramref name="centres"/> centres ~ N(0, 3²), states = centre + N(0, 1).</summary>
    private static double[,] Mixture(int states, int dims, int centres, int seed)
    {
        var random = new Random(seed);
        var centre = new double[centres, dims];
        for (int k = 0; k < centres; k++)
        {
            for (int j = 0; j < dims; j++)
            {
                centre[k, j] = 3 * TsneEmbedder.Gaussian(random);
            }
        }

        var x = new double[states, dims];
        for (int i = 0; i < states; i++)
        {
            int k = random.Next(centres);
            for (int j = 0; j < dims; j++)
            {
                x[i, j] = centre[k, j] + TsneEmbedder.Gaussian(random);
            }
        }

        return x;
    }

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
