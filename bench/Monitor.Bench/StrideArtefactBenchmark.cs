using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// Is the footprint offset of single-cell explanations on W1 an artefact of the U-Net's down/up-sampling or physics of
/// the synthetic atmosphere? (issue 15, deliverable 4; docs/relevance.md, "The stride artefact".) Trains the same
/// U-Net on the same synthetic W1 archive as it is and mirrored north–south and east–west (the arrays flipped before
/// training and explaining, the relevance maps flipped back), on t2m and on a purely local target, and measures the
/// mean |R|-weighted offset of single-cell explanations from the explained cell, in geographic terms. An artefact of
/// the array orientation points the other way after mirroring; physics stays put; a local target has none to find.
/// Also untrained networks. Both U-Net layouts (<see cref="UNet.OriginalVersion"/>, <see cref="UNet.PhaseSymmetricVersion"/>).
/// </summary>
internal static class StrideArtefactBenchmark
{
    public static readonly string[] Options = ["days", "epochs", "seeds", "width", "layouts", "samples", "cells"];

    private static readonly string[] s_inputs = ["u10", "v10", "msl", "tcc", "tp", "tisr", "z500", "orography", "lsm"];
    private const double KmPerDegree = 111.19508;

    public static void Run(BenchArguments options)
    {
        int days = options.Count("days", 30), epochs = options.Count("epochs", 10), seeds = options.Count("seeds", 3);
        int width = options.Count("width", 16), samples = options.Count("samples", 12), cellsPerSample = options.Count("cells", 60);
        int[] layouts = [.. options.Text("layouts", "1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        GridSpec grid = SyntheticGrids.Global5625;
        var clock = Stopwatch.StartNew();
        string directory = Path.Combine(Path.GetTempPath(), $"v2v-stride-{Environment.ProcessId}");
        try
        {
            Data data = Load(grid, days, samples, directory);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Archive: W1 {grid.LatitudeCount}×{grid.LongitudeCount}, 3-hourly analyses from 2025-01-01, {data.TrainX.shape[0]} for training ({days} days), {data.TestX.shape[0]} test analyses (every 6 h after a 4-day gap), {clock.Elapsed.TotalSeconds:F0} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"U-Net width {width}, depth 3, reflect/circular; {epochs} epochs, AdamW 2e-3, batch 16, L1; seeds 1…{seeds}; {cellsPerSample} cells per test analysis between 60°S and 60°N, each explained alone with {CompositeCatalog.Default.Name}"));
            Console.WriteLine("Offsets: |R|-weighted mean position of all inputs' relevance minus the explained cell, geographic (north, east > 0), km (rows × 5.625° × 111.2 km; columns × cos φ of the cell), mean over cells and analyses; ± the standard deviation over seeds.");
            Console.WriteLine();
            Console.WriteLine("| layout | target | fields | reference | north km | east km | per seed (north, east) | skill R² (test) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (int layout in layouts)
            {
                foreach (string target in (string[])["t2m", "local", "untrained"])
                {
                    foreach (bool mirrored in (bool[])[false, true])
                    {
                        if (target == "untrained" && mirrored)
                        {
                            continue;
                        }

                        var perReference = new Dictionary<string, List<(double North, double East)>>();
                        var skills = new List<double>();
                        for (int seed = 1; seed <= seeds; seed++)
                        {
                            Case result = RunCase(data, grid, layout, target, mirrored, seed, width, target == "untrained" ? 0 : epochs, cellsPerSample);
                            skills.Add(result.RSquared);
                            foreach ((string reference, (double north, double east)) in result.Offsets)
                            {
                                perReference.TryAdd(reference, []);
                                perReference[reference].Add((north, east));
                            }
                        }

                        foreach ((string reference, List<(double North, double East)> offsets) in perReference)
                        {
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"| {layout} | {target} | {(mirrored ? "mirrored" : "as is")} | {reference} | {Stat(offsets.Select(o => o.North))} | {Stat(offsets.Select(o => o.East))} | {string.Join("; ", offsets.Select(o => $"{o.North:F0}, {o.East:F0}"))} | {(target == "untrained" ? "–" : Stat(skills, "F3"))} |"));
                        }
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total {clock.Elapsed.TotalSeconds:F0} s"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string Stat(IEnumerable<double> values, string format = "F0")
    {
        double[] v = [.. values];
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {sd.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private sealed record Data(Tensor TrainX, Tensor TrainY, int[] TrainHours, Tensor TestX, Tensor TestY, int[] TestHours);

    private sealed record Case(double RSquared, List<(string Reference, (double North, double East) Offset)> Offsets);

    /// <summary>Generates the archive and reads it into standardised tensors [N, C, H, W] (inputs) and [N, 1, H, W] (t2m).</summary>
    private static Data Load(GridSpec grid, int days, int testSamples, string directory)
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime trainEnd = start.AddDays(days).AddHours(-3), testStart = start.AddDays(days + 4);
        DateTime testEnd = testStart.AddHours((6 * testSamples) - 3);
        string archive = Path.Combine(directory, "archive");
        ArchiveGenerator.Generate(new GeneratorOptions
        {
            Grid = grid,
            From = start,
            To = testEnd,
            CycleInterval = TimeSpan.FromHours(3),
            LeadHours = [0],
            Seed = 7,
            OutputDirectory = archive,
        }, GeographyBuilder.Build(grid));
        using ICycleArchive cycles = CycleArchives.Open(archive);
        (float[] trainX, float[] trainY, int[] trainHours) = Read(cycles, new TimePeriod(start, trainEnd), grid, 3);
        (float[] testX, float[] testY, int[] testHours) = Read(cycles, new TimePeriod(testStart, testEnd), grid, 6);
        int channels = s_inputs.Length, cells = grid.CellCount;
        // Standardise every channel and the target with the training period's mean and standard deviation.
        for (int c = 0; c <= channels; c++)
        {
            float[] train = c < channels ? trainX : trainY, test = c < channels ? testX : testY;
            int stride = c < channels ? channels : 1, offset = c < channels ? c : 0;
            int n = train.Length / (stride * cells);
            double sum = 0, squares = 0;
            for (int s = 0; s < n; s++)
            {
                foreach (float value in train.AsSpan(((s * stride) + offset) * cells, cells))
                {
                    sum += value;
                    squares += value * (double)value;
                }
            }

            double mean = sum / (n * cells), sd = Math.Sqrt(Math.Max(squares / (n * cells) - (mean * mean), 0));
            sd = sd > 0 ? sd : 1;
            foreach (float[] block in (float[][])[train, test])
            {
                int m = block.Length / (stride * cells);
                for (int s = 0; s < m; s++)
                {
                    Span<float> span = block.AsSpan(((s * stride) + offset) * cells, cells);
                    for (int i = 0; i < cells; i++)
                    {
                        span[i] = (float)((span[i] - mean) / sd);
                    }
                }
            }
        }

        long h = grid.LatitudeCount, w = grid.LongitudeCount;
        return new Data(
            tensor(trainX, [trainHours.Length, channels, h, w]), tensor(trainY, [trainHours.Length, 1, h, w]), trainHours,
            tensor(testX, [testHours.Length, channels, h, w]), tensor(testY, [testHours.Length, 1, h, w]), testHours);
    }

    private static (float[] X, float[] Y, int[] Hours) Read(ICycleArchive cycles, TimePeriod period, GridSpec grid, int everyHours)
    {
        var x = new List<float>();
        var y = new List<float>();
        var hours = new List<int>();
        foreach (CycleId id in cycles.CyclesIn(period).Where(c => c.InitTime.Hour % everyHours == 0))
        {
            CycleData cycle = cycles.Read(id, AtmosphereModel.Variables);
            foreach (string input in s_inputs)
            {
                x.AddRange(input switch
                {
                    "orography" => cycle.Statics!.OrographyM,
                    "lsm" => cycle.Statics!.LandSeaMask,
                    _ => cycle.Field(0, cycle.IndexOf(VariableId.Parse(input, VariableCatalog.Default))).ToArray(),
                });
            }

            y.AddRange(cycle.Field(0, cycle.IndexOf(VariableId.Parse("t2m", VariableCatalog.Default))).ToArray());
            hours.Add(id.InitTime.Hour);
        }

        return ([.. x], [.. y], [.. hours]);
    }

    /// <summary>A purely local target: a fixed function of the same cell's standardised inputs.</summary>
    private static Tensor LocalTarget(Tensor x)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor c(string name) => x.narrow(1, Array.IndexOf(s_inputs, name), 1);
        Tensor y = c("tisr").mul(0.7).add(c("tcc").mul(-0.5)).add(c("orography").mul(0.3)).add(c("u10").mul(c("v10")).mul(0.3));
        return y.MoveToOuterDisposeScope();
    }

    private static Case RunCase(Data data, GridSpec grid, int layout, string target, bool mirrored, int seed, int width, int epochs, int cellsPerSample)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor Orient(Tensor t) => mirrored ? t.flip(2, 3) : t;
        Tensor trainX = Orient(data.TrainX), testX = Orient(data.TestX);
        Tensor trainY = Orient(target == "local" ? LocalTarget(data.TrainX) : data.TrainY);
        Tensor testY = Orient(target == "local" ? LocalTarget(data.TestX) : data.TestY);
        random.manual_seed(seed);
        using var network = new UNet(s_inputs.Length, width, 3, PaddingMode.Reflect, PaddingMode.Circular, layout);
        var clock = Stopwatch.StartNew();
        Train(network, trainX, trainY, epochs, seed);
        double r2 = RSquared(network, testX, testY);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  layout {layout}, {target}, {(mirrored ? "mirrored" : "as is")}, seed {seed}: R² {r2:F3}, trained in {clock.Elapsed.TotalSeconds:F0} s"));
        network.eval();
        foreach (Parameter p in network.parameters())
        {
            p.requires_grad_(false);
        }

        // Climatology of the training period: per cell and UTC hour, the mean of the standardised inputs.
        var climatology = data.TrainHours.Distinct().ToDictionary(hour => hour, hour =>
        {
            long[] index = [.. Enumerable.Range(0, data.TrainHours.Length).Where(i => data.TrainHours[i] == hour).Select(i => (long)i)];
            return trainX.index_select(0, tensor(index)).mean([0L], keepdim: true).DetachFromDisposeScope();
        });
        using var explainer = RelevanceExplainer.For(network, CompositeCatalog.Default, null);
        var sums = new Dictionary<string, (double North, double East, int Count)>();
        int h = grid.LatitudeCount, w = grid.LongitudeCount;
        var rng = new Random(1000 + seed);
        for (int s = 0; s < testX.shape[0]; s++)
        {
            using IDisposable sampleScope = NewDisposeScope();
            List<(int Row, int Column)> cells = [.. Enumerable.Range(0, cellsPerSample).Select(_ =>
            {
                int row;
                do
                {
                    row = rng.Next(h);
                }
                while (Math.Abs(grid.Latitude(row)) > 60);
                return (row, rng.Next(w));
            })];
            // The cell's array position: mirrored fields hold geographic (r, c) at (h − 1 − r, w − 1 − c).
            List<RelevanceSelector> selectors = [.. cells.Select(cell =>
            {
                (int row, int column) = mirrored ? (h - 1 - cell.Row, w - 1 - cell.Column) : cell;
                return RelevanceSelector.Cell(RegionMask.Cell(grid, row, column), "t2m");
            })];
            using ForwardPass pass = explainer.Forward(testX.narrow(0, s, 1));
            var references = new List<(string Name, ForwardPass? Pass)>
            {
                ("none (plain LRP)", null),
                ("training mean", explainer.Forward(zeros_like(testX.narrow(0, s, 1)))),
                ("climatology", explainer.Forward(climatology[data.TestHours[s]])),
            };
            foreach ((string name, ForwardPass? reference) in references)
            {
                Explanation explanation = explainer.Explain(pass, reference, selectors);
                reference?.Dispose();
                for (int k = 0; k < cells.Count; k++)
                {
                    (double north, double east) = Offset(explanation, k, grid, cells[k], mirrored);
                    (double n, double e, int count) = sums.GetValueOrDefault(name);
                    sums[name] = (n + north, e + east, count + 1);
                    if (!mirrored && name == "training mean" && k == 0 && s == 0)
                    {
                        Footprint footprint = RelevanceSummarizer.Summarize(explanation, k, grid, s_inputs).Footprint;
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    cross-check, one cell: here north {north:F0} east {east:F0} km; RelevanceSummarizer north {footprint.NorthKm:F0} east {footprint.EastKm:F0} km"));
                    }
                }
            }
        }

        foreach (Tensor t in climatology.Values)
        {
            t.Dispose();
        }

        return new Case(r2, [.. sums.Select(kv => (kv.Key, (kv.Value.North / kv.Value.Count, kv.Value.East / kv.Value.Count)))]);
    }

    /// <summary>
    /// The |R|-weighted mean position of all inputs' relevance minus the explained cell (geographic row and column
    /// <paramref name="cell"/>), in km north and east: rows × step, columns × step × cos φ of the cell, the column
    /// difference wrapped to ±W/2. For mirrored fields the map is read back to geographic cells.
    /// </summary>
    private static (double North, double East) Offset(Explanation explanation, int selection, GridSpec grid, (int Row, int Column) cell, bool mirrored)
    {
        int h = grid.LatitudeCount, w = grid.LongitudeCount;
        double total = 0, rows = 0, columns = 0;
        for (int c = 0; c < explanation.Channels; c++)
        {
            ReadOnlySpan<float> map = explanation.Map(selection, c);
            for (int i = 0; i < map.Length; i++)
            {
                double weight = Math.Abs(map[i]);
                if (weight == 0)
                {
                    continue;
                }

                int row = i / w, column = i % w;
                (row, column) = mirrored ? (h - 1 - row, w - 1 - column) : (row, column);
                int dc = ((column - cell.Column + w + (w / 2)) % w) - (w / 2);
                total += weight;
                rows += weight * (row - cell.Row);
                columns += weight * dc;
            }
        }

        double step = grid.LatitudeStep * KmPerDegree;
        return (-rows / total * step, columns / total * grid.LongitudeStep * KmPerDegree * Math.Cos(grid.Latitude(cell.Row) * Math.PI / 180));
    }

    private static void Train(UNet network, Tensor x, Tensor y, int epochs, int seed)
    {
        network.train();
        if (epochs == 0)
        {
            network.eval();
            return;
        }

        AdamW optimizer = optim.AdamW(network.parameters(), lr: 2e-3, weight_decay: 1e-4);
        var rng = new Random(seed);
        long n = x.shape[0];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            long[] order = [.. Enumerable.Range(0, (int)n).Select(i => (long)i).OrderBy(_ => rng.Next())];
            for (int b = 0; b < n; b += 16)
            {
                using IDisposable scope = NewDisposeScope();
                Tensor index = tensor(order[b..(int)Math.Min(n, b + 16)]);
                optimizer.zero_grad();
                Tensor loss = nn.functional.l1_loss(network.call(x.index_select(0, index)), y.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }

        network.eval();
    }

    private static double RSquared(UNet network, Tensor x, Tensor y)
    {
        using IDisposable scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        network.eval();
        Tensor predicted = network.call(x).to(float64), actual = y.to(float64);
        Tensor residual = predicted - actual, centred = actual - actual.mean();
        return 1 - (residual.square().sum().item<double>() / centred.square().sum().item<double>());
    }
}
