using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Products;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;

namespace Monitor.Bench;

/// <summary>
/// A reference workload (docs/architecture.md, W1 or W2) set up for the real <see cref="CycleProcessor"/> in a temporary
/// directory, the way the service would load it: forecast cycles (13 leads) written by <see cref="ArchiveGenerator"/> in
/// the inbox layout; a percentile climatology of t2m and si10 built by <see cref="ClimatologyBuilder"/> into
/// <see cref="ClimatologyFiles"/> from a lead-0 archive of the 40 days around the cycles; transfer models with
/// <b>random weights</b> (<see cref="TransferModel.Create"/>, seed 1; weights do not change the cost), standardised with
/// the first cycle's own means and standard deviations, saved and loaded back through <see cref="MonitorResources.Load"/>.
/// No regime model (the regimes stage is empty). Delete with <see cref="Dispose"/>.
/// </summary>
internal sealed class CycleWorkload : IDisposable
{
    private CycleWorkload(string name, string root, GridSpec grid, IReadOnlyList<CycleId> cycles, MonitorResources resources,
        CycleProcessorOptions options, string description, double setupSeconds)
    {
        Name = name;
        Root = root;
        Grid = grid;
        Cycles = cycles;
        Resources = resources;
        Options = options;
        Description = description;
        SetupSeconds = setupSeconds;
    }

    /// <summary>W1 or W2.</summary>
    public string Name { get; }

    /// <summary>The temporary directory.</summary>
    public string Root { get; }

    /// <summary>The grid.</summary>
    public GridSpec Grid { get; }

    /// <summary>The generated forecast cycles (13 leads each).</summary>
    public IReadOnlyList<CycleId> Cycles { get; }

    /// <summary>Models, climatology.</summary>
    public MonitorResources Resources { get; }

    /// <summary>What the processor looks for.</summary>
    public CycleProcessorOptions Options { get; }

    /// <summary>The set-up in words, for the report.</summary>
    public string Description { get; }

    /// <summary>Seconds the set-up took (generation, climatology, model creation and loading).</summary>
    public double SetupSeconds { get; }

    /// <summary>The inbox files of <paramref name="cycle"/>.</summary>
    public IReadOnlyList<string> Files(CycleId cycle) => [ArchiveGenerator.CycleFile(Path.Combine(Root, "inbox"), cycle)];

    /// <summary>W1: global 32×64, tcc, u10, v10, tp, tisr, orography → t2m (U-Net w16 d3), two watch regions.</summary>
    public static CycleWorkload W1(int cycles = 1)
    {
        string[] inputs = ["tcc", "u10", "v10", "tp", "tisr", "orography"];
        return Create("W1", SyntheticGrids.Global5625, cycles,
            [("t2m-unet", "t2m", inputs, Architecture.UNet, 16)],
            [new WatchRegion("central-europe", 45, 55, 0, 20), new WatchRegion("north-america", 30, 50, 250, 290)]);
    }

    /// <summary>
    /// W2: Euro-Atlantic 0.25°, 160×352, tcc, u10, v10, msl, tp, tisr, z500, orography → t2m (U-Net w16 d3) and si10
    /// (ResNet w32 b4), no watch regions: the extremes (thresholds p90/p10) fill the 20 regions per model and lead.
    /// </summary>
    public static CycleWorkload W2(int cycles = 1)
    {
        string[] inputs = ["tcc", "u10", "v10", "msl", "tp", "tisr", "z500", "orography"];
        return Create("W2", SyntheticGrids.Euro025, cycles,
            [("t2m-unet", "t2m", inputs, Architecture.UNet, 16), ("si10-resnet", "si10", inputs, Architecture.ResNet, 32)],
            []);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Resources.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    private static CycleWorkload Create(string name, GridSpec grid, int cycleCount,
        (string Name, string Target, string[] Inputs, Architecture Architecture, int Width)[] models, IReadOnlyList<WatchRegion> watch)
    {
        var clock = Stopwatch.StartNew();
        string root = Directory.CreateTempSubdirectory($"v2v-bench-cycle-{name.ToLowerInvariant()}-").FullName;
        try
        {
            Geography geography = GeographyBuilder.Build(grid);
            var first = new DateTime(2025, 1, 20, 0, 0, 0, DateTimeKind.Utc);
            var forecasts = new GeneratorOptions
            {
                Grid = grid,
                From = first,
                To = first.AddHours(6 * (cycleCount - 1)),
                Seed = 1,
                OutputDirectory = Path.Combine(root, "inbox"),
            };
            ArchiveGenerator.Generate(forecasts, geography);
            CycleId[] cycles = [.. forecasts.Cycles()];

            // The climatology's lead-0 archive: 40 days around the cycles, so every ±15-day window they fall in has samples.
            var history = forecasts with { From = first.AddDays(-20), To = first.AddDays(20), LeadHours = [0], OutputDirectory = Path.Combine(root, "archive") };
            ArchiveGenerator.Generate(history, geography);
            string climatology = Path.Combine(root, "climatology");
            using (var archive = new CycleArchive(history.OutputDirectory))
            {
                ClimatologyBuilder.Build(new ArchiveClimateSource(archive, [0]), new ClimatologyOptions { Variables = [new("t2m"), WindSpeed.Speed] },
                    new ClimatologyFiles(climatology));
            }

            Directory.Delete(history.OutputDirectory, recursive: true);
            Dictionary<string, Standardisation> scales = Scales(cycles[0], [ArchiveGenerator.CycleFile(forecasts.OutputDirectory, cycles[0])]);
            var directories = new List<string>();
            (PaddingMode lat, PaddingMode lon) = ModelSpec.PaddingFor(grid);
            foreach ((string modelName, string target, string[] inputs, Architecture architecture, int width) in models)
            {
                var spec = new ModelSpec
                {
                    Name = modelName, Target = target, Inputs = inputs, Architecture = architecture, Width = width, Depth = 3, Blocks = 4, Grid = grid,
                    LatitudePadding = lat, LongitudePadding = lon,
                    Standardisation = inputs.Append(target).ToDictionary(v => v, v => scales[v]),
                };
                string directory = Path.Combine(root, "models", modelName);
                using (TransferModel model = TransferModel.Create(spec, seed: 1))
                {
                    model.Save(directory);
                }

                directories.Add(directory);
            }

            MonitorResources resources = MonitorResources.Load(directories, climatology, null, CompositeCatalog.Resolve("layer-depth-signed"), 3);
            var options = new CycleProcessorOptions
            {
                // Lowered from p99/p01 so that every lead has at least 20 candidate regions per model: the most the service explains.
                // "calm" (si10 below its p10) is a benchmark-only kind: wind above p90 alone gives the si10 model too few regions on W2.
                ExtremeKinds = [ExtremeKind.Hot with { Threshold = ClimateStatistic.P90 }, ExtremeKind.Cold with { Threshold = ClimateStatistic.P10 },
                    ExtremeKind.Wind with { Threshold = ClimateStatistic.P90 }, new ExtremeKind("calm", WindSpeed.Speed, ExceedanceDirection.Below, ClimateStatistic.P10)],
                WatchRegions = watch,
                ExplanationBatch = 16,
                MaxRegionsPerLead = 20,
                Analogues = 0,
            };
            string modelText = string.Join(", ", models.Select(m => FormattableString.Invariant(
                $"{m.Name} ({m.Target} ← {string.Join(",", m.Inputs)}; {m.Architecture} w{m.Width} {(m.Architecture == Architecture.UNet ? "d3" : "b4")}, random weights)")));
            string watchText = watch.Count == 0 ? "none" : string.Join(", ", watch.Select(w => $"{w.Name} {w.Describe()}"));
            string description = string.Create(CultureInfo.InvariantCulture,
                $"{name}: {grid.LatitudeCount}×{grid.LongitudeCount} ({grid}), {cycles.Length} cycle(s) from {first:yyyy-MM-dd HH}Z, 13 leads 0–72 h; models {modelText}; " +
                $"composite layer-depth-signed; climatology of t2m, si10 from {history.Cycles().Count()} lead-0 cycles ({history.From:yyyy-MM-dd}…{history.To:yyyy-MM-dd}); " +
                $"extreme kinds {string.Join(", ", options.ExtremeKinds)}; watch regions {watchText}; " +
                $"K = {options.ExplanationBatch}, at most {options.MaxRegionsPerLead} extreme/disagreement regions per model and lead; no regime model");
            return new CycleWorkload(name, root, grid, cycles, resources, options, description, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Per variable, the mean and standard deviation over every lead of the cycle (si10 from u10, v10; orography from the statics).</summary>
    private static Dictionary<string, Standardisation> Scales(CycleId cycle, IReadOnlyList<string> files)
    {
        CycleData data = new CycleAssembler().Assemble(cycle, files).Data;
        var result = new Dictionary<string, Standardisation>();
        foreach (VariableId variable in data.Variables)
        {
            int v = data.IndexOf(variable);
            result[variable.ToString()] = Scale(Enumerable.Range(0, data.LeadHours.Count).SelectMany(l => data.Field(l, v).ToArray()));
        }

        int u = data.IndexOf(WindSpeed.U), w = data.IndexOf(WindSpeed.V);
        result["si10"] = Scale(Enumerable.Range(0, data.LeadHours.Count).SelectMany(l =>
        {
            float[] x = data.Field(l, u).ToArray(), y = data.Field(l, w).ToArray();
            return x.Select((a, i) => MathF.Sqrt((a * a) + (y[i] * y[i])));
        }));
        result["orography"] = Scale(data.Statics!.OrographyM);
        return result;
    }

    private static Standardisation Scale(IEnumerable<float> values)
    {
        double[] x = [.. values.Where(float.IsFinite).Select(v => (double)v)];
        double mean = x.Average();
        double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        std = std > 0 ? std : 1;
        return new Standardisation([mean], [std]) { Minimum = [x.Min()], Maximum = [x.Max()] };
    }
}
