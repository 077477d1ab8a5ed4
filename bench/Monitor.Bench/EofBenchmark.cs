using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Regimes;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using TorchSharp;

namespace Monitor.Bench;

/// <summary>
/// <c>eof</c>: the EOF analysis of <c>regimes fit</c> on 20 years of 6-hourly W1 z500 analyses (global 5.625°, 32×64 =
/// 2048 cells, ≈ 29,000 states) from the synthetic atmosphere: anomalies against the harmonic climatology, √cos φ
/// weights, then <see cref="EofAnalysis.Compute"/> (XᵀX + LAPACK eigh in libtorch, float64) — timed against the machine's
/// float64 matmul ceiling (libtorch XᵀX alone) and peers on the same matrix in the same run (bench/eof_peer.py: PyTorch
/// XᵀX + torch.linalg.eigh, XᵀX + numpy.linalg.eigh, numpy.linalg.svd), with the leading
/// eigenvalues compared.
/// </summary>
internal static class EofBenchmark
{
    /// <summary>Options of the verb.</summary>
    public static readonly string[] Options = ["years", "modes", "repeat", "dir", "numpy-svd", "torch-peer"];

    private static string Script => Path.Combine(AppContext.BaseDirectory, "eof_peer.py");

    public static void Run(BenchArguments options)
    {
        var c = CultureInfo.InvariantCulture;
        int years = options.Count("years", 20), modes = options.Count("modes", 7), repeat = options.Count("repeat", 3);
        string dir = options.Text("dir", Path.Combine(Path.GetTempPath(), "v2v-bench-eof"));
        Directory.CreateDirectory(dir);

        var contention = CpuContention.Start();
        var clock = Stopwatch.StartNew();
        RegimeSample sample = Analyses(years);
        double generateSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        double[][] weighted = Weighted(sample);
        double anomalySeconds = clock.Elapsed.TotalSeconds;
        int n = weighted.Length, p = weighted[0].Length;
        Console.WriteLine(string.Create(c, $"matrix: {n} states × {p} cells (float64, {n * (double)p * 8 / 1048576:F0} MB); synthetic analyses generated in {generateSeconds:F1} s; climatology + anomalies + weights {anomalySeconds:F2} s"));

        EofResult result = EofAnalysis.Compute(weighted, modes);   // warm-up
        TimingSummary ours = TimingSummary.Measure(() => result = EofAnalysis.Compute(weighted, modes), 0, repeat);

        TimingSummary matmul = MatmulCeiling(weighted, repeat);
        string npy = Path.Combine(dir, "eof-matrix.npy");
        WriteNpy(npy, weighted);
        string numpySvd = options.Text("numpy-svd", "0");
        string json = ChildProcess.Run(PythonPeer.Interpreter, [Script, npy, "--modes", modes.ToString(c), "--repeat", repeat.ToString(c), "--svd-repeat", numpySvd, "--torch-repeat", options.Text("torch-peer", "0")]);
        EofPeerResult peer = JsonSerializer.Deserialize<EofPeerResult>(json, PeerResult.JsonOptions)
            ?? throw new InvalidOperationException($"Unreadable peer output: {json}");
        File.Delete(npy);

        TimingSummary eigh = TimingSummary.Of(peer.EighSeconds);
        double flops = 2.0 * n * p * p;   // XᵀX as a general matrix product (the dominant cost)
        var table = new MarkdownTable("implementation", "median s", "min s", "runs", "XᵀX GFLOP/s (2np²/t, upper bound)", "vs ours");
        table.Add("V2V Monitor EofAnalysis (libtorch mm + linalg.eigh, float64)", Number(ours.Median, "F2"), Number(ours.Min, "F2"), Number(ours.Runs, "F0"), Number(flops / ours.Median / 1e9, "F1"), "1.00×");
        table.Add("machine ceiling: libtorch float64 XᵀX alone (same process, same threads)", Number(matmul.Median, "F2"), Number(matmul.Min, "F2"), Number(matmul.Runs, "F0"), Number(flops / matmul.Median / 1e9, "F1"), Number(matmul.Median / ours.Median, "F2") + "×");
        if (peer.TorchSeconds.Count > 0)
        {
            TimingSummary torchPeer = TimingSummary.Of(peer.TorchSeconds);
            table.Add($"PyTorch {peer.Torch} (Python, 2 threads) X.T @ X + linalg.eigh", Number(torchPeer.Median, "F2"), Number(torchPeer.Min, "F2"), Number(torchPeer.Runs, "F0"), Number(flops / torchPeer.Median / 1e9, "F1"), Number(torchPeer.Median / ours.Median, "F2") + "×");
        }

        table.Add($"numpy {peer.Numpy} X.T @ X + linalg.eigh ({peer.Blas})", Number(eigh.Median, "F2"), Number(eigh.Min, "F2"), Number(eigh.Runs, "F0"), Number(flops / eigh.Median / 1e9, "F1"), Number(eigh.Median / ours.Median, "F2") + "×");
        if (peer.SvdSeconds.Count > 0)
        {
            TimingSummary svd = TimingSummary.Of(peer.SvdSeconds);
            table.Add($"numpy {peer.Numpy} linalg.svd(X, full_matrices=False)", Number(svd.Median, "F2"), Number(svd.Min, "F2"), Number(svd.Runs, "F0"), "–", Number(svd.Median / ours.Median, "F2") + "×");
        }
        Console.WriteLine(table);

        double worst = 0;
        for (int m = 0; m < modes; m++)
        {
            worst = Math.Max(worst, Math.Abs(result.Eigenvalues[m] - peer.EighEigenvalues[m]) / peer.EighEigenvalues[0]);
            if (peer.SvdEigenvalues.Count > m)
            {
                worst = Math.Max(worst, Math.Abs(result.Eigenvalues[m] - peer.SvdEigenvalues[m]) / peer.SvdEigenvalues[0]);
            }
        }

        double dot = Math.Abs(result.Patterns[0].Zip(peer.EighVectorsFirstColumn, (a, b) => a * b).Sum());
        Console.WriteLine(string.Create(c, $"leading {modes} eigenvalues: largest difference from numpy {worst:E2} of λ₁; |⟨EOF1, numpy EOF1⟩| = {dot:F12}"));
        Console.WriteLine($"explained variance: {string.Join(" ", result.ExplainedVariance().Select(v => v.ToString("P1", c)))}");
        Console.WriteLine(contention.Describe());
        Console.WriteLine();
    }

    // The dominant cost alone: XᵀX in float64 through libtorch, on a tensor built once.
    private static TimingSummary MatmulCeiling(double[][] rows, int repeat)
    {
        TorchRuntime.Initialize();
        int n = rows.Length, p = rows[0].Length;
        var flat = new double[(long)n * p];
        for (int s = 0; s < n; s++)
        {
            rows[s].CopyTo(flat, (long)s * p);
        }

        using var scope = torch.NewDisposeScope();
        torch.Tensor x = torch.tensor(flat, [n, p], torch.ScalarType.Float64);
        torch.Tensor xt = x.t();
        xt.mm(x).Dispose();
        return TimingSummary.Measure(() => xt.mm(x).Dispose(), 0, repeat);
    }

    private static RegimeSample Analyses(int years)
    {
        GridSpec grid = SyntheticGrids.Global5625;
        var from = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime to = from.AddYears(years).AddHours(-6);
        var generator = new GeneratorOptions { Grid = grid, From = from, To = to, LeadHours = [0], Seed = 20, OutputDirectory = "unused" };
        Geography geography = GeographyBuilder.Build(grid);
        SyntheticSetup setup = ArchiveGenerator.Prepare(generator, geography);
        var model = new AtmosphereModel(grid, geography.Fields, setup.Chain, [], generator.Seed);
        int states = (int)((to - from).TotalHours / 6) + 1, cells = grid.CellCount;
        int z = AtmosphereModel.Variables.ToList().IndexOf(new VariableId("z", 500));
        var times = new DateTime[states];
        var fields = new float[states][];
        Parallel.For(0, states, () => new float[AtmosphereModel.Variables.Count * cells], (s, _, block) =>
        {
            times[s] = from.AddHours(6 * s);
            model.Forecast(new CycleId(times[s]), 0, block);
            fields[s] = block.AsSpan(z * cells, cells).ToArray();
            return block;
        }, _ => { });
        return new RegimeSample("z500", "m**2 s**-2", new RegimeDomain(-90, 90, 0, 360), grid, grid, times, fields);
    }

    private static double[][] Weighted(RegimeSample sample)
    {
        HarmonicClimatology climatology = HarmonicClimatology.Fit(sample.Times, sample.Fields, 2);
        double[] w = RegimeModel.EofWeights(sample.Grid);
        var rows = new double[sample.Times.Count][];
        Parallel.For(0, rows.Length, s =>
        {
            var a = new double[w.Length];
            climatology.Evaluate(sample.Times[s], a);
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (sample.Fields[s][i] - a[i]) * w[i];
            }

            rows[s] = a;
        });
        return rows;
    }

    // numpy's .npy format 1.0: magic, header length, a Python dict literal padded to 64 bytes, then C-order data.
    private static void WriteNpy(string path, double[][] rows)
    {
        string header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows.Length}, {rows[0].Length}), }}");
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        foreach (double[] row in rows)
        {
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
        }
    }

    private static string Number(double value, string format) => MarkdownTable.Number(value, format);
}
