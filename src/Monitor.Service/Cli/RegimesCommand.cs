using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Regimes;
using Monitor.Core.Regimes.Embedding;
using Monitor.Service.Plotting;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor regimes fit | assign | query</c>: weather regimes from an archive's analyses (docs/regimes.md), the
/// regime of every lead of a new cycle, and the archive's regime history.
/// </summary>
internal static class RegimesCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("regimes", "Weather regimes: fit them on an archive, assign a cycle, query the history.");
        command.Subcommands.Add(CreateFit(output, error));
        command.Subcommands.Add(CreateAssign(output, error));
        command.Subcommands.Add(CreateQuery(output, error));
        return command;
    }

    private static Command CreateFit(TextWriter output, TextWriter error)
    {
        var archive = new Option<string>("--archive") { Description = "An archive: a directory of cycles (inbox layout, e.g. from generate) or a manifest (.json); lead 0 of every cycle is read.", Required = true };
        var variable = new Option<string>("--variable") { Description = "Variable, e.g. z500 (or z/gh with --level).", DefaultValueFactory = _ => "z500" };
        var level = new Option<int?>("--level") { Description = "Pressure level (hPa) when --variable has none." };
        var domain = new Option<string>("--domain") { Description = "lat0,lat1,lon0,lon1 (°N, °N, °E, °E).", DefaultValueFactory = _ => "30,90,-80,40" };
        var period = new Option<string?>("--period") { Description = "Only cycles in START..END (UTC dates)." };
        var eofs = new Option<int>("--eofs") { Description = "EOFs kept for clustering.", DefaultValueFactory = _ => 7 };
        var k = new Option<int>("--k") { Description = "Number of regimes (k-means clusters).", DefaultValueFactory = _ => 7 };
        var lowpass = new Option<double?>("--lowpass-days") { Description = "Lanczos low-pass cut-off period (days); none by default." };
        var harmonics = new Option<int>("--harmonics") { Description = "Annual harmonics of the climatology (0 = time mean, for archives shorter than a year).", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "k-means seed.", DefaultValueFactory = _ => 0 };
        var restarts = new Option<int>("--restarts") { Description = "k-means++ restarts.", DefaultValueFactory = _ => 20 };
        var threshold = new Option<double>("--threshold") { Description = "Persistence rule: index threshold (standard deviations).", DefaultValueFactory = _ => 1.0 };
        var minDays = new Option<double>("--min-days") { Description = "Persistence rule: minimum duration (days).", DefaultValueFactory = _ => 5.0 };
        var mapPerplexity = new Option<double>("--map-perplexity") { Description = "Perplexity of the t-SNE state map (lowered for short archives); 0 = no map.", DefaultValueFactory = _ => 30 };
        var outDir = new Option<string>("--out") { Description = "Model directory to write.", DefaultValueFactory = _ => "data/regimes" };
        var command = new Command("fit", "Fit regimes (EOFs + k-means) on an archive's analyses.")
        {
            archive, variable, level, domain, period, eofs, k, lowpass, harmonics, seed, restarts, threshold, minDays, mapPerplexity, outDir,
        };
        command.SetAction(parse =>
        {
            VariableId id;
            RegimeDomain box;
            RegimeFitOptions options;
            TimePeriod? only;
            try
            {
                string name = parse.GetValue(variable)!;
                string text = parse.GetValue(level) is int hpa ? name + hpa.ToString(CultureInfo.InvariantCulture) : name;
                id = VariableId.TryParse(text, VariableCatalog.Default, out VariableId parsed) ? parsed
                    : throw new FormatException($"--variable '{text}' is not a known variable (e.g. z500, or z with --level 500).");
                box = RegimeDomain.Parse(parse.GetValue(domain)!);
                only = parse.GetValue(period) is string p ? TimePeriod.Parse(p) : null;
                options = new RegimeFitOptions
                {
                    Eofs = parse.GetValue(eofs),
                    Regimes = parse.GetValue(k),
                    LowPassDays = parse.GetValue(lowpass),
                    Harmonics = parse.GetValue(harmonics),
                    Seed = parse.GetValue(seed),
                    Restarts = parse.GetValue(restarts),
                    Persistence = new RegimePersistence(parse.GetValue(threshold), parse.GetValue(minDays)),
                };
                options.Validate();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"regimes fit: {ex.Message}");
                return 2;
            }

            double perplexity = parse.GetValue(mapPerplexity);
            if (!(perplexity == 0 || perplexity >= 1) || double.IsInfinity(perplexity))
            {
                error.WriteLine($"regimes fit: --map-perplexity {perplexity.ToString(CultureInfo.InvariantCulture)} must be 0 (no map) or ≥ 1.");
                return 2;
            }

            return RunFit(parse.GetValue(archive)!, id, box, only, options, perplexity, parse.GetValue(outDir)!, output, error);
        });
        return command;
    }

    internal static int RunFit(string archive, VariableId variable, RegimeDomain domain, TimePeriod? period, RegimeFitOptions options,
        double mapPerplexity, string outDir, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            RegimeSample sample;
            float[]? land;
            using (ICycleArchive cycles = CycleArchives.Open(archive))
            {
                (sample, land) = RegimeArchiveReader.ReadAnalyses(cycles, variable, domain, period);
            }

            output.WriteLine(string.Create(c, $"read {sample.Times.Count} analyses of {sample.Variable} ({sample.Times[0]:yyyy-MM-dd HH}–{sample.Times[^1]:yyyy-MM-dd HH} UTC), domain {domain} = {sample.Grid.LatitudeCount}×{sample.Grid.LongitudeCount} cells"));
            RegimeFit fit = RegimeFitter.Fit(sample, options);
            RegimeModelStore.Save(fit.Model, outDir);
            var store = CsvRegimeHistoryStore.For(outDir, fit.Model.Info);
            store.Write(fit.History);
            IReadOnlyList<string> maps = RegimePanel.Write(outDir, fit.Model, land);
            double[] explained = fit.Model.Eofs.ExplainedVariance();
            output.WriteLine($"EOFs: explained variance {string.Join(" ", explained.Select(v => v.ToString("P1", c)))} (total {explained.Sum().ToString("P1", c)})");
            int[] sizes = new int[fit.Model.RegimeCount];
            int[] active = new int[fit.Model.RegimeCount];
            foreach (RegimeHistoryEntry e in fit.History.Entries)
            {
                sizes[e.Cluster]++;
                if (e.Label != RegimeHistory.NoRegime)
                {
                    active[fit.History.Resolve(e.Label)]++;
                }
            }

            int n = fit.History.Entries.Count;
            output.WriteLine($"  {"regime",-6} {"name",-22} {"cluster share",13} {"life-cycle share",16}");
            for (int r = 0; r < fit.Model.RegimeCount; r++)
            {
                output.WriteLine(string.Create(c, $"  {fit.Model.Info.RegimeIds[r],-6} {fit.Model.Info.RegimeNames[r],-22} {sizes[r] / (double)n,13:P1} {active[r] / (double)n,16:P1}"));
            }

            output.WriteLine(string.Create(c, $"  {"none",-6} {"no regime",-22} {"",13} {(n - active.Sum()) / (double)n,16:P1}"));
            output.WriteLine($"wrote {Path.Combine(outDir, RegimeModelStore.JsonFile)}, {RegimeModelStore.NetCdfFileName}, {CsvRegimeHistoryStore.FileName} and {maps.Count} pattern maps");
            if (mapPerplexity > 0)
            {
                RegimeMap map = RegimeMap.Fit(fit.History, new TsneOptions { Perplexity = mapPerplexity, Seed = options.Seed });
                map.Save(outDir);
                output.WriteLine(string.Create(c,
                    $"state map (t-SNE of the {map.Times.Count} states' principal components, perplexity {map.Perplexity:0.##}): trustworthiness T(10) {map.Trustworthiness:F3}, KL {map.KlDivergence:F3} ({RegimeMap.FileName})"));
            }

            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or IncompleteCycleException or DirectoryNotFoundException or ArgumentException or IOException)
        {
            error.WriteLine($"regimes fit: {ex.Message}");
            return 1;
        }
    }

    private static Command CreateAssign(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Regime model directory (from regimes fit).", DefaultValueFactory = _ => "data/regimes" };
        var cycle = new Option<string>("--cycle") { Description = "Cycle folder (named yyyyMMddHH).", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the assignment as JSON to this file." };
        var mapPng = new Option<string?>("--map-png") { Description = "Also draw the leads on the state map (PNG), among the archive's states coloured by regime." };
        var command = new Command("assign", "Place every lead of a cycle in the regime model: indices, label, EOF position, state-map position.") { model, cycle, json, mapPng };
        command.SetAction(parse => RunAssign(parse.GetValue(model)!, parse.GetValue(cycle)!, parse.GetValue(json), parse.GetValue(mapPng), output, error));
        return command;
    }

    internal static int RunAssign(string modelDir, string cycleFolder, string? jsonPath, string? mapPng, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            RegimeModel model = RegimeModelStore.Load(modelDir);
            (CycleId cycle, int[] leads, float[][] fields) = RegimeArchiveReader.ReadCycle(cycleFolder, model.Info);
            IReadOnlyList<string> ids = model.Info.RegimeIds;
            output.WriteLine($"cycle {cycle}: {model.Info.Variable} over {model.Info.Domain}, {leads.Length} leads; label = regime with the largest index ≥ {model.Info.Persistence.Threshold.ToString(c)} (instantaneous)");
            RegimeState[] evaluated = [.. leads.Select((lead, l) => model.Evaluate(cycle.ValidTime(lead), fields[l]))];
            RegimeMap? map = RegimeMap.Load(modelDir);
            double[,]? positions = map?.Place(
                CsvRegimeHistoryStore.For(modelDir, model.Info).Read(DateTime.MinValue, DateTime.MaxValue), [.. evaluated.Select(e => e.Pcs)]);
            output.WriteLine($"  {"lead",5} {"valid (UTC)",16} {"label",-22} {"nearest",-8} {string.Join(" ", ids.Select(id => $"{"I_" + id,7}"))}  {(positions is null ? "" : "map x,y  ")}pc1..pc3");
            var states = new List<object>();
            for (int l = 0; l < leads.Length; l++)
            {
                RegimeState state = evaluated[l];
                string label = state.Leading < 0 ? "no regime" : $"{ids[state.Leading]} {model.Info.RegimeNames[state.Leading]}";
                string position = positions is null ? "" : string.Create(c, $"{positions[l, 0]:F1},{positions[l, 1]:F1}  ");
                output.WriteLine(string.Create(c,
                    $"  +{leads[l],3} h {state.Time,16:yyyy-MM-dd HH:mm} {label,-22} {ids[state.Cluster],-8} {string.Join(" ", state.Indices.Select(v => v.ToString("F2", c).PadLeft(7)))}  {position}{string.Join(" ", state.Pcs.Take(3).Select(v => v.ToString("G4", c)))}"));
                states.Add(new
                {
                    LeadHours = leads[l],
                    ValidTime = state.Time,
                    Label = state.Leading < 0 ? RegimeHistory.NoRegime : ids[state.Leading],
                    Name = state.Leading < 0 ? "no regime" : model.Info.RegimeNames[state.Leading],
                    Nearest = ids[state.Cluster],
                    Indices = ids.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => state.Indices[x.r]),
                    state.Pcs,
                    Map = positions is null ? null : new[] { positions[l, 0], positions[l, 1] },
                });
            }

            if (mapPng is not null)
            {
                if (map is null || positions is null)
                {
                    error.WriteLine($"regimes assign: --map-png: the model in {modelDir} has no state map ({RegimeMap.FileName}); fit it with --map-perplexity > 0.");
                    return 1;
                }

                RegimeMapPlot.Write(mapPng, map, model.Info, positions, leads, cycle.ToString());
                output.WriteLine($"wrote {mapPng}");
            }

            if (jsonPath is not null)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { Cycle = cycle.ToString(), model.Info.Variable, States = states }, s_json));
                output.WriteLine($"wrote {jsonPath}");
            }

            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or IncompleteCycleException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException or InvalidDataException)
        {
            error.WriteLine($"regimes assign: {ex.Message}");
            return 1;
        }
    }

    private static Command CreateQuery(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Regime model directory (from regimes fit).", DefaultValueFactory = _ => "data/regimes" };
        var from = new Option<string>("--from") { Description = "First valid time (UTC date).", Required = true };
        var to = new Option<string>("--to") { Description = "Last valid time (UTC date; a bare date includes the whole day).", Required = true };
        var regime = new Option<string?>("--regime") { Description = "Only episodes of this regime (id such as R2, or its name)." };
        var command = new Command("query", "Episodes, frequencies by month and season, and transitions from the regime history.") { model, from, to, regime };
        command.SetAction(parse =>
        {
            DateTime first, last;
            try
            {
                first = CliParsing.ParseUtc(parse.GetValue(from)!, "--from");
                string toText = parse.GetValue(to)!;
                last = CliParsing.ParseUtc(toText, "--to");
                if (toText.Trim().Length == 10)
                {
                    last = last.AddDays(1).AddTicks(-1);
                }
            }
            catch (FormatException ex)
            {
                error.WriteLine($"regimes query: {ex.Message}");
                return 2;
            }

            return RunQuery(parse.GetValue(model)!, first, last, parse.GetValue(regime), output, error);
        });
        return command;
    }

    internal static int RunQuery(string modelDir, DateTime from, DateTime to, string? regime, TextWriter output, TextWriter error)
    {
        try
        {
            RegimeModelInfo info = RegimeModelStore.Load(modelDir).Info;
            RegimeStatistics stats = RegimeQuery.Run(CsvRegimeHistoryStore.For(modelDir, info), from, to, regime);
            RegimeReport.Write(output, stats, from, to);
            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or FileNotFoundException or ArgumentException or IOException)
        {
            error.WriteLine($"regimes query: {ex.Message}");
            return 1;
        }
    }
}
