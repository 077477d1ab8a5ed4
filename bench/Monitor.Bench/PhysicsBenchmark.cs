using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using Monitor.Core.Transfer.Training;

namespace Monitor.Bench;

/// <summary>
/// The seed's questions on the synthetic archive (issue 15, deliverable 8) and the U-Net layout question (deliverable 4):
/// U-Net layout 1, U-Net layout 2 and a ResNet, each trained with several seeds by <see cref="Trainer"/> to predict t2m
/// from the physical checks' nine inputs on a 1.5° Euro-Atlantic archive (seed 12, December–March, chosen because
/// two advective warm spells and two wind storms fall in its test period), and explained: (a) tisr's share of t2m's
/// relevance over land at local noon and midnight against three reference states and two composites, (b) strong-wind
/// footprints, (c) the planted wind storms and warm spells of the test period against the climatology of the valid
/// hour, with the sign physics gives for u10 and v10 computed from the generator's advection term, (d) how the maps of
/// the architectures agree on the same cases. docs/relevance.md, "The seed's questions", states the definitions and
/// the layout decision rule that <see cref="Decide"/> applies.
/// </summary>
internal static class PhysicsBenchmark
{
    /// <summary>The option names the verb accepts.</summary>
    public static readonly string[] Options = ["seeds", "train-days", "test-days", "epochs", "width", "cells", "every", "models", "archive-seed", "first-seed"];

    private static readonly string[] s_inputs = ["u10", "v10", "msl", "tcc", "tp", "tisr", "z500", "orography", "lsm"];
    private static readonly string[] s_references = ["none", "training-mean", "climatology"];
    private static readonly string[] s_composites = ["zero", "layer-depth-signed"];

    /// <summary>The generator's advection time (docs/synthetic-atmosphere.md, "2 m temperature"), s.</summary>
    private const double AdvectionSeconds = 6 * 3600;

    /// <summary>The generator's lapse rate, K/m: T_sl ≈ t2m + Γ · orography.</summary>
    private const double LapseRate = 0.0065;

    private const double KmPerDegree = 111.19508;

    /// <summary>Cells this close to the grid's edges are not explained as single cells (replicate padding piles relevance there).</summary>
    private const int EdgeMargin = 3;

    /// <summary>Below this |expected contribution| (K, area mean) physics gives no clear sign for a wind component.</summary>
    private const double ClearSignKelvin = 0.1;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Run(BenchArguments options)
    {
        int firstSeed = options.Count("first-seed", 1);
        int seeds = options.Count("seeds", 3), trainDays = options.Count("train-days", 45), testDays = options.Count("test-days", 43);
        int epochs = options.Count("epochs", 12), width = options.Count("width", 16), cellsPerCycle = options.Count("cells", 8);
        int archiveSeed = options.Count("archive-seed", 12), everyDays = options.Count("every", 2);
        string[] models = options.Text("models", "unet1,unet2,resnet").Split(',');
        TorchRuntime.Initialize();
        var contention = CpuContention.Start();
        var clock = Stopwatch.StartNew();
        string directory = Path.Combine(Path.GetTempPath(), $"v2v-physics-{Environment.ProcessId}");
        try
        {
            Setup setup = Prepare(directory, archiveSeed, trainDays, testDays, everyDays);
            Console.WriteLine(Str($"Archive: 1.5° Euro-Atlantic {setup.Grid.LatitudeCount}×{setup.Grid.LongitudeCount} (the physical checks' grid), generator seed {archiveSeed}, 3-hourly analyses from {setup.Start:yyyy-MM-dd}; train {setup.Train}, validate {setup.Valid}, test {setup.Test} every 6 h ({setup.TestCycles.Count} analyses); generated and read in {clock.Elapsed.TotalSeconds:F0} s"));
            Console.WriteLine(Str($"Models: t2m from {string.Join(", ", s_inputs)}; U-Net width {width}, depth 3 (layout 1: 3×3 stride-2 down; layout 2: 4×4); ResNet width {width}, 4 blocks; {epochs} epochs, AdamW 2e-3, batch 16, L1 (Trainer); training seeds {firstSeed}…{firstSeed + seeds - 1}"));
            Console.WriteLine("References: none; training-mean (standardised 0); climatology = the training period's mean of every time-dependent input at the valid UTC hour (statics the cycle's own).");
            Console.WriteLine(Str($"Single cells (questions a, b): the 00 and 12 UTC test analyses of every {everyDays} day(s) ({setup.CellCycles.Count}), at most {cellsPerCycle} cells per analysis and question, every n-th of the eligible interior cells (≥ {EdgeMargin} cells from the edges). Events (c): every 6-hourly test analysis with the event's envelope ≥ 0.5."));
            Console.WriteLine(Str($"Events in the test period: {string.Join("; ", setup.Events.Select(e => $"#{e.Id} {e.Kind} {e.Start:MM-dd HH}–{e.End:MM-dd HH} UTC at {e.CentreAt(e.Start.AddHours((e.End - e.Start).TotalHours / 2)).Latitude:F0}N {e.CentreAt(e.Start.AddHours((e.End - e.Start).TotalHours / 2)).Longitude:F0}E"))}"));
            Console.WriteLine();
            var results = new List<ModelResult>();
            foreach (string model in models)
            {
                for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    ModelResult result = TrainAndExplain(setup, model, seed, width, epochs, cellsPerCycle, directory);
                    results.Add(result);
                    Print(result);
                }
            }

            Summarise(results, setup);
            Compare(results, setup);
            Decide(results);
            Console.WriteLine();
            Console.WriteLine(Str($"Total {clock.Elapsed.TotalSeconds:F0} s; {contention.Describe()}"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string Str(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // ----- the archive -----

    private sealed record Setup(
        GridSpec Grid, DateTime Start, string Archive, TimePeriod Train, TimePeriod Valid, TimePeriod Test,
        IReadOnlyList<CycleData> TestCycles, IReadOnlyList<CycleData> CellCycles, Dictionary<int, float[]> HourlyMean, Dictionary<int, float[]> HourlyT2m, float[] MeanSeaLevelTemperature,
        IReadOnlyList<PlantedEvent> Events, double StrongWind);

    private static Setup Prepare(string directory, int archiveSeed, int trainDays, int testDays, int everyDays)
    {
        GridSpec grid = new(72.75, 1.5, 32, -47.25, 1.5, 64);
        var start = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var train = new TimePeriod(start, start.AddDays(trainDays).AddHours(-3));
        var valid = new TimePeriod(start.AddDays(trainDays), start.AddDays(trainDays + 4).AddHours(-3));
        var test = new TimePeriod(start.AddDays(trainDays + 4), start.AddDays(trainDays + 4 + testDays).AddHours(-6));
        string archive = Path.Combine(directory, "archive");
        ArchiveGenerator.Generate(new GeneratorOptions
        {
            Grid = grid,
            From = start,
            To = test.End,
            CycleInterval = TimeSpan.FromHours(3),
            LeadHours = [0],
            Seed = archiveSeed,
            OutputDirectory = archive,
        }, GeographyBuilder.Build(grid));
        using ICycleArchive cycles = CycleArchives.Open(archive);
        (Dictionary<int, float[]> hourly, float[] seaLevel) = Climatology(cycles, train, grid);
        int cells = grid.CellCount, temperature = TimeDependent().Count();
        Dictionary<int, float[]> hourlyInputs = hourly.ToDictionary(p => p.Key, p => p.Value[..(temperature * cells)]);
        Dictionary<int, float[]> hourlyT2m = hourly.ToDictionary(p => p.Key, p => p.Value[(temperature * cells)..]);
        var testCycles = cycles.CyclesIn(test).Where(c => c.InitTime.Hour % 6 == 0).Select(c => cycles.Read(c, AtmosphereModel.Variables)).ToList();
        var cellCycles = testCycles.Where(c => c.Cycle.InitTime.Hour is 0 or 12 && (c.Cycle.InitTime.Date - test.Start.Date).Days % everyDays == 0).ToList();
        PlantedEvent[] events = JsonSerializer.Deserialize<PlantedEvent[]>(File.ReadAllText(Path.Combine(archive, "truth", "events.json")), s_json)!
            .Where(e => e.Kind is EventKind.WindStorm or EventKind.AdvectiveWarmSpell && e.End >= test.Start && e.Start <= test.End)
            .ToArray();
        var speeds = new List<double>();
        foreach (CycleData cycle in testCycles)
        {
            (float[] u, float[] v) = Wind(cycle);
            speeds.AddRange(Enumerable.Range(0, grid.CellCount).Where(c => IsInterior(grid, c)).Select(c => Math.Sqrt((u[c] * u[c]) + (v[c] * v[c]))));
        }

        speeds.Sort();
        return new Setup(grid, start, archive, train, valid, test, testCycles, cellCycles, hourlyInputs, hourlyT2m, seaLevel, events, speeds[(int)(speeds.Count * 0.9)]);
    }

    /// <summary>
    /// The training period's mean of every time-dependent input and of t2m at each UTC hour (one block of [variable, cell]
    /// per hour, t2m last), and
    /// its all-hour mean sea-level temperature t2m + Γ · orography (the generator's T_sl without the diurnal term).
    /// </summary>
    private static (Dictionary<int, float[]> Hourly, float[] SeaLevel) Climatology(ICycleArchive cycles, TimePeriod train, GridSpec grid)
    {
        VariableId[] variables = [.. TimeDependent().Append("t2m").Select(Variable)];
        int cells = grid.CellCount;
        var sums = new Dictionary<int, (double[] Sum, int Count)>();
        double[] t2m = new double[cells];
        int n = 0;
        float[]? orography = null;
        VariableId temperature = Variable("t2m");
        foreach (CycleId id in cycles.CyclesIn(train))
        {
            CycleData cycle = cycles.Read(id, AtmosphereModel.Variables);
            orography ??= cycle.Statics!.OrographyM;
            int hour = id.InitTime.Hour;
            if (!sums.TryGetValue(hour, out (double[] Sum, int Count) entry))
            {
                entry = (new double[variables.Length * cells], 0);
            }

            for (int v = 0; v < variables.Length; v++)
            {
                ReadOnlySpan<float> field = cycle.Field(0, cycle.IndexOf(variables[v]));
                for (int i = 0; i < cells; i++)
                {
                    entry.Sum[(v * cells) + i] += field[i];
                }
            }

            sums[hour] = (entry.Sum, entry.Count + 1);
            ReadOnlySpan<float> t = cycle.Field(0, cycle.IndexOf(temperature));
            for (int i = 0; i < cells; i++)
            {
                t2m[i] += t[i];
            }

            n++;
        }

        Dictionary<int, float[]> hourly = sums.ToDictionary(p => p.Key, p => p.Value.Sum.Select(s => (float)(s / p.Value.Count)).ToArray());
        float[] seaLevel = [.. Enumerable.Range(0, cells).Select(i => (float)((t2m[i] / n) + (LapseRate * orography![i])))];
        return (hourly, seaLevel);
    }

    private static IEnumerable<string> TimeDependent() => s_inputs.Where(i => i is not ("orography" or "lsm"));

    private static VariableId Variable(string name) => VariableId.Parse(name, VariableCatalog.Default);

    private static ReferenceState Reference(string name, Setup setup, CycleData cycle) => name switch
    {
        "none" => ReferenceState.None,
        "training-mean" => ReferenceState.TrainingMean,
        _ => new ReferenceState(ReferenceKind.Climatology, Str($"the training period's mean at {cycle.Cycle.InitTime:HH} UTC"),
            new CycleData(cycle.Cycle, cycle.Grid, [0], [.. TimeDependent().Select(Variable)], (float[])setup.HourlyMean[cycle.Cycle.InitTime.Hour].Clone(), cycle.Statics), 0),
    };

    // ----- one model -----

    private sealed record ModelResult(
        string Model, int Seed, double TestRSquared, double TrainSeconds, double ExplainSeconds,
        List<TisrRow> Tisr, List<WindRow> Wind, List<EventRow> Events);

    /// <summary>Mean tisr share and mean signed tisr relevance (K) of single land cells at local noon and midnight.</summary>
    private sealed record TisrRow(string Composite, string Reference, double NoonShare, double MidnightShare, double NoonKelvin, double MidnightKelvin, int NoonCells, int MidnightCells)
    {
        public double Ratio => NoonShare / MidnightShare;
    }

    /// <summary>Strong-wind footprints: fraction upwind, mean angle offset–wind, by dominant direction.</summary>
    private sealed record WindRow(string Composite, int Cells, double Upwind, double MeanAngle, double NortherlyAngle, int Northerly, double SoutherlyAngle, int Southerly, double MedianOffsetKm);

    /// <summary>One event at one time, explained against the climatology: relevance (K, area mean) and the advection term's expectation.</summary>
    private sealed record EventRow(
        int EventId, EventKind Kind, DateTime Time, string Composite, int MaskCells, double Deviation, double TrueAnomaly,
        double U, double UUpwind, double UDownwind, double V, double VUpwind, double VDownwind, double ExpectedU, double ExpectedV,
        double AlongWindKm, string? WindRelation, float[]? Map);

    private static ModelResult TrainAndExplain(Setup setup, string model, int seed, int width, int epochs, int cellsPerCycle, string directory)
    {
        var clock = Stopwatch.StartNew();
        string output = Path.Combine(directory, $"{model}-{seed}");
        TrainingResult training = Trainer.Train(new TrainingOptions
        {
            Archive = setup.Archive,
            Target = "t2m",
            Inputs = s_inputs,
            Architecture = model == "resnet" ? Architecture.ResNet : Architecture.UNet,
            UNetLayout = model == "unet2" ? UNet.PhaseSymmetricVersion : UNet.OriginalVersion,
            Width = width,
            Depth = 3,
            Blocks = 4,
            TrainPeriod = setup.Train,
            ValidPeriod = setup.Valid,
            BatchSize = 16,
            MaxEpochs = epochs,
            LearningRate = 2e-3,
            EarlyStoppingPatience = epochs,
            Seed = seed,
            OutputDirectory = output,
        }.Validate());
        double trainSeconds = clock.Elapsed.TotalSeconds;
        using TransferModel transfer = TransferModel.Load(training.ModelDirectory);
        double r2 = RSquared(transfer, setup);
        clock.Restart();
        var tisr = new List<TisrRow>();
        var wind = new List<WindRow>();
        var events = new List<EventRow>();
        foreach (string name in s_composites)
        {
            using var explainer = new RegionExplainer(transfer, CompositeCatalog.Resolve(name));
            tisr.AddRange(s_references.Select(reference => Tisr(setup, transfer, explainer, name, reference, cellsPerCycle)));
            wind.Add(StrongWind(setup, explainer, name, cellsPerCycle));
            events.AddRange(Events(setup, transfer, explainer, name, keepMaps: name == "zero"));
        }

        return new ModelResult(model, seed, r2, trainSeconds, clock.Elapsed.TotalSeconds, tisr, wind, events);
    }

    /// <summary>R² of t2m over the test analyses' interior cells.</summary>
    private static double RSquared(TransferModel model, Setup setup)
    {
        double sse = 0, sum = 0, squares = 0;
        long n = 0;
        VariableId t2m = Variable("t2m");
        foreach (CycleData cycle in setup.TestCycles)
        {
            float[] prediction = model.Predict(cycle);
            ReadOnlySpan<float> truth = cycle.Field(0, cycle.IndexOf(t2m));
            for (int i = 0; i < setup.Grid.CellCount; i++)
            {
                if (IsInterior(setup.Grid, i))
                {
                    sse += (prediction[i] - truth[i]) * (double)(prediction[i] - truth[i]);
                    sum += truth[i];
                    squares += truth[i] * (double)truth[i];
                    n++;
                }
            }
        }

        return 1 - (sse / (squares - (sum * sum / n)));
    }

    private static double Kelvin(TransferModel model) => model.Spec.Standardisation["t2m"].StandardDeviation[0];

    /// <summary>(a) Land cells (lsm ≥ 0.5, south of 60°N) within 1 h of local noon in the 12 UTC analyses and of local midnight in the 00 UTC ones.</summary>
    private static TisrRow Tisr(Setup setup, TransferModel model, RegionExplainer explainer, string composite, string reference, int cellsPerCycle)
    {
        GridSpec grid = setup.Grid;
        int channel = Array.IndexOf(s_inputs, "tisr");
        double kelvin = Kelvin(model);
        var noon = new List<(double Share, double Sum)>();
        var midnight = new List<(double Share, double Sum)>();
        foreach (CycleData cycle in setup.CellCycles)
        {
            DateTime valid = cycle.ValidTimes[0];
            ReadOnlySpan<float> lsm = cycle.Statics!.LandSeaMask;
            var cells = new List<int>();
            for (int cell = 0; cell < grid.CellCount; cell++)
            {
                if (!IsInterior(grid, cell) || lsm[cell] < 0.5 || grid.Latitude(cell / grid.LongitudeCount) > 60)
                {
                    continue;
                }

                double fromNoon = Math.Abs(LocalSolarHour(valid, grid.Longitude(cell % grid.LongitudeCount)) - 12);
                if ((valid.Hour == 12 && fromNoon <= 1) || (valid.Hour == 0 && fromNoon >= 11))
                {
                    cells.Add(cell);
                }
            }

            List<(double Share, double Sum)> target = valid.Hour == 12 ? noon : midnight;
            target.AddRange(explainer.ExplainLead(cycle, 0, CellRequests(grid, Spread(cells, cellsPerCycle)), Reference(reference, setup, cycle), 40,
                (_, summary, _, _) => (summary.Variables[channel].Share, summary.Variables[channel].Sum * kelvin)));
        }

        return new TisrRow(composite, reference, Mean(noon.Select(x => x.Share)), Mean(midnight.Select(x => x.Share)),
            Mean(noon.Select(x => x.Sum)), Mean(midnight.Select(x => x.Sum)), noon.Count, midnight.Count);
    }

    /// <summary>
    /// (b) Interior cells in the top decile of 10 m wind (over every test analysis) in <see cref="Setup.CellCycles"/>,
    /// each explained alone (no reference, as the physical check).
    /// </summary>
    private static WindRow StrongWind(Setup setup, RegionExplainer explainer, string composite, int cellsPerCycle)
    {
        GridSpec grid = setup.Grid;
        var cases = new List<(string Relation, double Angle, double North, double Offset)>();
        foreach (CycleData cycle in setup.CellCycles)
        {
            (float[] u, float[] v) = Wind(cycle);
            List<int> cells = Spread([.. Enumerable.Range(0, grid.CellCount).Where(c => IsInterior(grid, c) && Speed(u, v, c) >= setup.StrongWind)], cellsPerCycle);
            cases.AddRange(explainer.ExplainLead(cycle, 0, CellRequests(grid, cells), ReferenceState.None, 40, (request, summary, _, _) =>
            {
                int cell = Array.IndexOf(request.Mask, true);
                Footprint f = summary.Footprint;
                double speed = Speed(u, v, cell);
                double cosine = ((f.EastKm * u[cell]) + (f.NorthKm * v[cell])) / (f.OffsetKm * speed);
                return (f.WindRelation ?? "none", Math.Acos(Math.Clamp(cosine, -1, 1)) * 180 / Math.PI, v[cell] / speed, f.OffsetKm);
            }));
        }

        var northerly = cases.Where(c => c.North < -Math.Sqrt(0.5)).ToList();
        var southerly = cases.Where(c => c.North > Math.Sqrt(0.5)).ToList();
        return new WindRow(composite, cases.Count, cases.Count(c => c.Relation == "upwind") / (double)cases.Count, Mean(cases.Select(c => c.Angle)),
            Mean(northerly.Select(c => c.Angle)), northerly.Count, Mean(southerly.Select(c => c.Angle)), southerly.Count,
            cases.Select(c => c.Offset).Order().ElementAt(cases.Count / 2));
    }

    /// <summary>
    /// (c) Every planted wind storm and warm spell at every test analysis where its envelope is at least 0.5: the event's
    /// mask at that time, area-weighted region selector, against the climatology of the valid hour.
    /// </summary>
    private static List<EventRow> Events(Setup setup, TransferModel model, RegionExplainer explainer, string composite, bool keepMaps)
    {
        GridSpec grid = setup.Grid;
        double kelvin = Kelvin(model);
        int uChannel = Array.IndexOf(s_inputs, "u10"), vChannel = Array.IndexOf(s_inputs, "v10");
        float[] areas = RegionMask.AreaWeights(grid);
        var rows = new List<EventRow>();
        foreach (PlantedEvent e in setup.Events)
        {
            foreach (CycleData cycle in setup.TestCycles.Where(c => e.Envelope(c.ValidTimes[0]) >= 0.5))
            {
                DateTime time = cycle.ValidTimes[0];
                bool[] mask = e.MaskAt(grid, time);
                int count = mask.Count(m => m);
                if (count < 4)
                {
                    continue;
                }

                (double latitude, double longitude) = e.CentreAt(time);
                (float[] u, float[] v) = Wind(cycle);
                float[] climate = setup.HourlyMean[time.Hour];
                int cells = grid.CellCount;
                int uClimate = TimeDependent().ToList().IndexOf("u10") * cells, vClimate = TimeDependent().ToList().IndexOf("v10") * cells;
                double weightSum = Enumerable.Range(0, cells).Where(i => mask[i]).Sum(i => (double)areas[i]);
                double meanU = Enumerable.Range(0, cells).Where(i => mask[i]).Sum(i => areas[i] * u[i]) / weightSum;
                double meanV = Enumerable.Range(0, cells).Where(i => mask[i]).Sum(i => areas[i] * v[i]) / weightSum;
                double expectedU = 0, expectedV = 0, anomaly = 0;
                ReadOnlySpan<float> t2m = cycle.Field(0, cycle.IndexOf(Variable("t2m")));
                float[] t2mClimate = setup.HourlyT2m[time.Hour];
                for (int i = 0; i < cells; i++)
                {
                    if (mask[i])
                    {
                        double s = areas[i] / weightSum;
                        (double dTdx, double dTdy) = Gradient(setup.MeanSeaLevelTemperature, grid, i);
                        expectedU += -AdvectionSeconds * s * (u[i] - climate[uClimate + i]) * dTdx;
                        expectedV += -AdvectionSeconds * s * (v[i] - climate[vClimate + i]) * dTdy;
                        anomaly += s * (t2m[i] - t2mClimate[i]);
                    }
                }

                var request = new RegionRequest(0, mask, Str($"event {e.Id} at {time:MM-dd HH}"));
                EventRow row = explainer.ExplainLead(cycle, 0, [request], Reference("climatology", setup, cycle), 1, (_, summary, explanation, k) =>
                {
                    (double uAll, double uUp, double uDown) = Split(explanation.Map(k, uChannel), grid, latitude, longitude, meanU, meanV);
                    (double vAll, double vUp, double vDown) = Split(explanation.Map(k, vChannel), grid, latitude, longitude, meanU, meanV);
                    Footprint f = summary.Footprint;
                    double alongWind = ((f.EastKm * meanU) + (f.NorthKm * meanV)) / Math.Sqrt((meanU * meanU) + (meanV * meanV));
                    float[]? map = keepMaps ? explanation.Relevance.AsSpan(k * explanation.Channels * explanation.Cells, explanation.Channels * explanation.Cells).ToArray() : null;
                    return new EventRow(e.Id, e.Kind, time, composite, count, summary.OutputRelevance * kelvin, anomaly,
                        uAll * kelvin, uUp * kelvin, uDown * kelvin, vAll * kelvin, vUp * kelvin, vDown * kelvin, expectedU, expectedV,
                        alongWind, f.WindRelation, map);
                })[0];
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Σ R, and its parts upwind and downwind of the event's centre (the side the mean wind over the mask comes from).</summary>
    private static (double All, double Upwind, double Downwind) Split(ReadOnlySpan<float> map, GridSpec grid, double latitude, double longitude, double u, double v)
    {
        double all = 0, up = 0, down = 0;
        double cosine = Math.Cos(latitude * Math.PI / 180);
        for (int i = 0; i < map.Length; i++)
        {
            int row = i / grid.LongitudeCount, column = i % grid.LongitudeCount;
            double east = (grid.Longitude(column) - longitude) * KmPerDegree * cosine, north = (grid.Latitude(row) - latitude) * KmPerDegree;
            all += map[i];
            if ((east * u) + (north * v) < 0)
            {
                up += map[i];
            }
            else
            {
                down += map[i];
            }
        }

        return (all, up, down);
    }

    /// <summary>∂T/∂x, ∂T/∂y (K/m, east and north) by centred differences, one-sided at the edges; rows run north to south.</summary>
    private static (double East, double North) Gradient(float[] field, GridSpec grid, int cell)
    {
        int rows = grid.LatitudeCount, columns = grid.LongitudeCount;
        int row = cell / columns, column = cell % columns;
        int west = Math.Max(column - 1, 0), eastColumn = Math.Min(column + 1, columns - 1);
        int north = Math.Max(row - 1, 0), south = Math.Min(row + 1, rows - 1);
        double dx = (eastColumn - west) * 1.5 * KmPerDegree * 1000 * Math.Cos(grid.Latitude(row) * Math.PI / 180);
        double dy = (south - north) * 1.5 * KmPerDegree * 1000;
        return ((field[(row * columns) + eastColumn] - field[(row * columns) + west]) / dx,
                (field[(north * columns) + column] - field[(south * columns) + column]) / dy);
    }

    // ----- output -----

    private static void Print(ModelResult r)
    {
        Console.WriteLine(Str($"## {r.Model}, seed {r.Seed}: test R² {r.TestRSquared:F4}; trained in {r.TrainSeconds:F0} s, explained in {r.ExplainSeconds:F0} s"));
        Console.WriteLine();
        Console.WriteLine("| composite | reference | tisr share noon | midnight | ratio | tisr R noon K | midnight K | cells noon, midnight |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (TisrRow t in r.Tisr)
        {
            Console.WriteLine(Str($"| {t.Composite} | {t.Reference} | {t.NoonShare:F3} | {t.MidnightShare:F3} | {t.Ratio:F2} | {t.NoonKelvin:F3} | {t.MidnightKelvin:F3} | {t.NoonCells}, {t.MidnightCells} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| composite | strong-wind cells | upwind | mean angle | northerly angle (n) | southerly angle (n) | median offset km |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (WindRow w in r.Wind)
        {
            Console.WriteLine(Str($"| {w.Composite} | {w.Cells} | {w.Upwind:F3} | {w.MeanAngle:F1}° | {w.NortherlyAngle:F1}° ({w.Northerly}) | {w.SoutherlyAngle:F1}° ({w.Southerly}) | {w.MedianOffsetKm:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| event | time | composite | cells | ŷ−ŷ_ref K | t2m anomaly K | R u10 (up, down) K | expected u10 K | R v10 (up, down) K | expected v10 K | footprint along wind km (relation) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (EventRow e in r.Events)
        {
            Console.WriteLine(Str($"| #{e.EventId} {Short(e.Kind)} | {e.Time:MM-dd HH} | {e.Composite} | {e.MaskCells} | {e.Deviation:F2} | {e.TrueAnomaly:F2} | {e.U:F3} ({e.UUpwind:F3}, {e.UDownwind:F3}) | {e.ExpectedU:F3} | {e.V:F3} ({e.VUpwind:F3}, {e.VDownwind:F3}) | {e.ExpectedV:F3} | {e.AlongWindKm:F0} ({e.WindRelation}) |"));
        }

        Console.WriteLine();
    }

    private static string Short(EventKind kind) => kind == EventKind.WindStorm ? "storm" : "warm spell";

    /// <summary>Per architecture over seeds: median and range (min … max) of the headline figures.</summary>
    private static void Summarise(List<ModelResult> results, Setup setup)
    {
        Console.WriteLine("## Summary over seeds (median [min … max])");
        Console.WriteLine();
        Console.WriteLine("| model | composite | reference | tisr share noon | midnight | ratio | tisr R noon K | midnight K |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (IGrouping<string, ModelResult> model in results.GroupBy(r => r.Model))
        {
            foreach (string composite in s_composites)
            {
                foreach (string reference in s_references)
                {
                    TisrRow[] rows = [.. model.Select(r => r.Tisr.Single(t => t.Composite == composite && t.Reference == reference))];
                    Console.WriteLine(Str($"| {model.Key} | {composite} | {reference} | {Range(rows.Select(t => t.NoonShare))} | {Range(rows.Select(t => t.MidnightShare))} | {Range(rows.Select(t => t.Ratio), "F2")} | {Range(rows.Select(t => t.NoonKelvin))} | {Range(rows.Select(t => t.MidnightKelvin))} |"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(Str($"Strong wind: top decile ≥ {setup.StrongWind:F1} m/s, no reference."));
        Console.WriteLine();
        Console.WriteLine("| model | composite | test R² | upwind | mean angle | northerly angle | southerly angle |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (IGrouping<string, ModelResult> model in results.GroupBy(r => r.Model))
        {
            foreach (string composite in s_composites)
            {
                WindRow[] rows = [.. model.Select(r => r.Wind.Single(w => w.Composite == composite))];
                Console.WriteLine(Str($"| {model.Key} | {composite} | {Range(model.Select(r => r.TestRSquared), "F4")} | {Range(rows.Select(w => w.Upwind))} | {Range(rows.Select(w => w.MeanAngle), "F0")} | {Range(rows.Select(w => w.NortherlyAngle), "F0")} | {Range(rows.Select(w => w.SoutherlyAngle), "F0")} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Str($"Events (climatology reference; per event the sums over its explained times; sign judged where |expected| ≥ {ClearSignKelvin} K): right-sign counts are over seeds."));
        Console.WriteLine();
        Console.WriteLine("| model | composite | event | times | ŷ−ŷ_ref K | R u10 K (up / down) | expected u10 K | u10 right sign | R v10 K (up / down) | expected v10 K | v10 right sign | footprint along wind km |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (IGrouping<string, ModelResult> model in results.GroupBy(r => r.Model))
        {
            foreach (string composite in s_composites)
            {
                foreach (PlantedEvent e in setup.Events)
                {
                    var perSeed = model.Select(r => r.Events.Where(x => x.Composite == composite && x.EventId == e.Id).ToList()).Where(l => l.Count > 0).ToList();
                    if (perSeed.Count == 0)
                    {
                        continue;
                    }

                    double Sum(List<EventRow> rows, Func<EventRow, double> f) => rows.Sum(f);
                    double expectedU = Sum(perSeed[0], x => x.ExpectedU), expectedV = Sum(perSeed[0], x => x.ExpectedV);
                    Console.WriteLine(Str($"| {model.Key} | {composite} | #{e.Id} {Short(e.Kind)} | {perSeed[0].Count} | {Range(perSeed.Select(l => Sum(l, x => x.Deviation)), "F2")} | {Range(perSeed.Select(l => Sum(l, x => x.U)), "F2")} ({Range(perSeed.Select(l => Sum(l, x => x.UUpwind)), "F2")} / {Range(perSeed.Select(l => Sum(l, x => x.UDownwind)), "F2")}) | {expectedU:F2} | {RightSign(perSeed.Select(l => Sum(l, x => x.U)), expectedU)} | {Range(perSeed.Select(l => Sum(l, x => x.V)), "F2")} ({Range(perSeed.Select(l => Sum(l, x => x.VUpwind)), "F2")} / {Range(perSeed.Select(l => Sum(l, x => x.VDownwind)), "F2")}) | {expectedV:F2} | {RightSign(perSeed.Select(l => Sum(l, x => x.V)), expectedV)} | {Range(perSeed.Select(l => Mean(l.Select(x => x.AlongWindKm))), "F0")} |"));
                }
            }
        }

        Console.WriteLine();
    }

    private static string RightSign(IEnumerable<double> relevance, double expected) =>
        Math.Abs(expected) < ClearSignKelvin ? "n/a" : Str($"{relevance.Count(r => Math.Sign(r) == Math.Sign(expected))}/{relevance.Count()}");

    /// <summary>(d) Pearson correlation of the event explanations' maps (all inputs, composite zero) between every two trained models.</summary>
    private static void Compare(List<ModelResult> results, Setup setup)
    {
        Console.WriteLine("## Same cases, different networks: correlation of the event maps (composite zero, climatology reference; mean over event times)");
        Console.WriteLine();
        string[] models = [.. results.Select(r => r.Model).Distinct()];
        Console.WriteLine($"| | {string.Join(" | ", models)} |");
        Console.WriteLine($"|---|{string.Concat(models.Select(_ => "---|"))}");
        foreach (string a in models)
        {
            var cells = new List<string>();
            foreach (string b in models)
            {
                var correlations = new List<double>();
                foreach (ModelResult x in results.Where(r => r.Model == a))
                {
                    foreach (ModelResult y in results.Where(r => r.Model == b && !(r.Model == a && r.Seed <= x.Seed)))
                    {
                        foreach (EventRow ex in x.Events.Where(e => e.Map is not null))
                        {
                            EventRow? ey = y.Events.FirstOrDefault(e => e.Map is not null && e.EventId == ex.EventId && e.Time == ex.Time);
                            if (ey is not null)
                            {
                                correlations.Add(Correlation(ex.Map!, ey.Map!));
                            }
                        }
                    }
                }

                cells.Add(correlations.Count == 0 ? "–" : Str($"{Mean(correlations):F2} (n {correlations.Count})"));
            }

            Console.WriteLine($"| {a} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine();
        Console.WriteLine(Str($"Diagonal: between seeds of the same architecture. Events: {setup.Events.Count}."));
        Console.WriteLine();
    }

    /// <summary>
    /// The layout rule, fixed before the run (docs/relevance.md, "The seed's questions"): layout 2 becomes train's default
    /// unless its median upwind share over seeds (layer-depth-signed, no reference — the physical check's setting) is
    /// below layout 1's median by more than the seed-to-seed spread (the larger of the two layouts' ranges over seeds), or
    /// its median noon/midnight tisr ratio in that setting is below 2 (the physical check's bound) while layout 1's is not.
    /// </summary>
    private static void Decide(List<ModelResult> results)
    {
        double[] Upwind(string model) => [.. results.Where(r => r.Model == model).Select(r => r.Wind.Single(w => w.Composite == "layer-depth-signed").Upwind)];
        double[] Ratio(string model) => [.. results.Where(r => r.Model == model).Select(r => r.Tisr.Single(t => t.Composite == "layer-depth-signed" && t.Reference == "none").Ratio)];
        double[] up1 = Upwind("unet1"), up2 = Upwind("unet2");
        if (up1.Length == 0 || up2.Length == 0)
        {
            Console.WriteLine("Layout decision: needs both unet1 and unet2.");
            return;
        }

        double spread = Math.Max(up1.Max() - up1.Min(), up2.Max() - up2.Min());
        double deficit = Median(up1) - Median(up2);
        bool upwindWorse = deficit > spread;
        bool tisrWorse = Median(Ratio("unet2")) < 2 && Median(Ratio("unet1")) >= 2;
        Console.WriteLine(Str($"Layout decision (rule fixed before the run): median upwind share layout 1 {Median(up1):F3}, layout 2 {Median(up2):F3}; layout 1 − layout 2 = {deficit:F3}, seed spread (largest range) {spread:F3}; median tisr ratio layout 1 {Median(Ratio("unet1")):F2}, layout 2 {Median(Ratio("unet2")):F2}."));
        Console.WriteLine(upwindWorse || tisrWorse
            ? $"Verdict: layout 1 stays train's default ({(upwindWorse ? "layout 2's upwind share is lower by more than the seed spread" : "layout 2's tisr ratio fails the physical check's bound")})."
            : "Verdict: layout 2 becomes train's default (no worse than layout 1 beyond the seed-to-seed spread).");
    }

    // ----- small helpers -----

    private static List<RegionRequest> CellRequests(GridSpec grid, IEnumerable<int> cells) =>
        [.. cells.Select(cell =>
        {
            (int row, int column) = (cell / grid.LongitudeCount, cell % grid.LongitudeCount);
            return new RegionRequest(0, RegionMask.Cell(grid, row, column), Str($"cell {grid.Latitude(row):F2}N {grid.Longitude(column):F2}E"), IsCell: true);
        })];

    private static List<int> Spread(List<int> cells, int count)
    {
        int stride = Math.Max(1, (cells.Count + count - 1) / count);
        return [.. cells.Where((_, i) => i % stride == 0)];
    }

    private static bool IsInterior(GridSpec grid, int cell)
    {
        int row = cell / grid.LongitudeCount, column = cell % grid.LongitudeCount;
        return row >= EdgeMargin && row < grid.LatitudeCount - EdgeMargin && column >= EdgeMargin && column < grid.LongitudeCount - EdgeMargin;
    }

    private static double LocalSolarHour(DateTime utc, double longitude)
    {
        double hour = (utc.TimeOfDay.TotalHours + (longitude / 15.0)) % 24.0;
        return hour < 0 ? hour + 24.0 : hour;
    }

    private static (float[] U, float[] V) Wind(CycleData cycle) =>
        (cycle.Field(0, cycle.IndexOf(Variable("u10"))).ToArray(), cycle.Field(0, cycle.IndexOf(Variable("v10"))).ToArray());

    private static double Speed(float[] u, float[] v, int cell) => Math.Sqrt((u[cell] * u[cell]) + (v[cell] * v[cell]));

    private static double Mean(IEnumerable<double> values)
    {
        double[] v = [.. values];
        return v.Length == 0 ? double.NaN : v.Average();
    }

    private static double Median(double[] values)
    {
        double[] v = [.. values.Order()];
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    private static string Range(IEnumerable<double> values, string format = "F3")
    {
        double[] v = [.. values];
        return $"{Median(v).ToString(format, CultureInfo.InvariantCulture)} [{v.Min().ToString(format, CultureInfo.InvariantCulture)} … {v.Max().ToString(format, CultureInfo.InvariantCulture)}]";
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(x => (double)x), mb = b.Average(x => (double)x), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
