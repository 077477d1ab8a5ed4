using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Products;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Transfer;
using Monitor.Service.Options;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor climatology relevance</c>: bootstraps a model's relevance climatology from an archive (docs/alerts.md):
/// every grid-cell bin and watch region of every cycle explained against the reference state, batched, resumable from
/// its last checkpoint, with progress.
/// </summary>
internal static class RelevanceClimatologyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var archive = new Option<string>("--archive") { Description = "An archive: a directory of cycles (inbox layout) or a manifest (.json).", Required = true };
        var model = new Option<string>("--model") { Description = "The transfer model's directory.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Directory of relevance climatologies (relevance_climatology_{model}.nc).", DefaultValueFactory = _ => "data/relevance-climatology" };
        var reference = new Option<string>("--reference") { Description = "Reference state of the explanations: climatology (needs --climatology), training-mean or none; the service must use the same (Monitor:ExplanationReference).", DefaultValueFactory = _ => "climatology" };
        var climatology = new Option<string?>("--climatology") { Description = "The percentile climatology directory whose means are the reference state." };
        var period = new Option<string?>("--period") { Description = "Cycles to include, START..END (e.g. 2025-01-01..2025-12-31); default the whole archive." };
        var binCells = new Option<int>("--bin-cells") { Description = "Grid cells per side of a location bin.", DefaultValueFactory = _ => 4 };
        var watch = new Option<string[]>("--watch") { Description = "A watch region NAME:SOUTH,NORTH,WEST,EAST (degrees; repeatable), as in Monitor:WatchRegions.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var perLead = new Option<bool>("--per-lead") { Description = "Statistics per lead of the archive's cycles instead of every lead pooled." };
        var rule = new Option<string>("--rule") { Description = "Composite or rule of the explanations (as explain --rule); the service must use the same (Monitor:Composite).", DefaultValueFactory = _ => ServiceDefaults.Composite };
        var batch = new Option<int>("--batch") { Description = "Locations explained per backward pass.", DefaultValueFactory = _ => 16 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Cycles between checkpoints (the file is rewritten; an interrupted build resumes from the last).", DefaultValueFactory = _ => 20 };
        var restart = new Option<bool>("--restart") { Description = "Start from empty even if a climatology of this model exists in --out." };
        var command = new Command("relevance", "Bootstrap (or resume) a model's relevance climatology from an archive.")
        {
            archive, model, outDir, reference, climatology, period, binCells, watch, perLead, rule, batch, checkpointEvery, restart,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(new Request(
            parse.GetValue(archive)!, parse.GetValue(model)!, parse.GetValue(outDir)!, parse.GetValue(reference)!, parse.GetValue(climatology),
            parse.GetValue(period), parse.GetValue(binCells), parse.GetValue(watch) ?? [], parse.GetValue(perLead), parse.GetValue(rule)!,
            parse.GetValue(batch), parse.GetValue(checkpointEvery), parse.GetValue(restart)), output, error, cancellationToken)));
        return command;
    }

    internal sealed record Request(string Archive, string Model, string OutDir, string Reference, string? Climatology, string? Period, int BinCells,
        IReadOnlyList<string> Watch, bool PerLead, string Rule, int Batch, int CheckpointEvery, bool Restart);

    internal static int Run(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var c = CultureInfo.InvariantCulture;
        if (request.Reference is not ("climatology" or "training-mean" or "none"))
        {
            error.WriteLine($"climatology relevance: --reference must be climatology, training-mean or none; got '{request.Reference}'.");
            return 2;
        }

        if (request.Reference == "climatology" && request.Climatology is null)
        {
            error.WriteLine("climatology relevance: --reference climatology (the default) needs --climatology DIR, a percentile climatology holding every input of the model.");
            return 2;
        }

        if (request.BinCells < 1 || request.Batch < 1 || request.CheckpointEvery < 1)
        {
            error.WriteLine($"climatology relevance: --bin-cells ({request.BinCells}), --batch ({request.Batch}) and --checkpoint-every ({request.CheckpointEvery}) must be at least 1.");
            return 2;
        }

        List<WatchRegion> watches;
        TimePeriod? period;
        try
        {
            watches = [.. request.Watch.Select(ParseWatch)];
            period = request.Period is null ? null : TimePeriod.Parse(request.Period);
        }
        catch (FormatException ex)
        {
            error.WriteLine($"climatology relevance: {ex.Message}");
            return 2;
        }

        PercentileClimatology? percentile = null;
        try
        {
            Composite composite = CompositeCatalog.Resolve(request.Rule);
            using TransferModel model = TransferModel.Load(request.Model);
            using var explainer = new RegionExplainer(model, composite);
            using ICycleArchive cycles = CycleArchives.Open(request.Archive);
            ModelSpec spec = model.Spec;
            percentile = request.Climatology is null ? null : ClimatologyFiles.Open(request.Climatology);
            if (percentile is not null && request.Reference == "climatology"
                && spec.TimeDependentInputs().Except(percentile.Variables).ToList() is { Count: > 0 } lacking)
            {
                error.WriteLine($"climatology relevance: the climatology in {request.Climatology} has no {string.Join(", ", lacking)} (inputs of model {spec.Name}); "
                    + $"rebuild it with 'v2vmonitor climatology build --variables {string.Join(",", percentile.Variables.Concat(lacking).Distinct())}'.");
                return 1;
            }

            IReadOnlyList<CycleId> included = cycles.CyclesIn(period ?? new TimePeriod(DateTime.MinValue, DateTime.MaxValue));
            if (included.Count == 0)
            {
                error.WriteLine($"climatology relevance: no cycles in {request.Archive}{(period is null ? "" : $" in {period}")}.");
                return 1;
            }

            string path = Path.Combine(request.OutDir, RelevanceClimatologyFile.FileName(spec.Name));
            string method = explainer.MethodDescription;
            RelevanceClimatology target;
            if (File.Exists(path) && !request.Restart)
            {
                target = RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions());
                string? mismatch = Mismatch(target.Info, spec, request.Reference, method, request.BinCells, watches);
                if (mismatch is not null)
                {
                    error.WriteLine($"climatology relevance: {path} exists with {mismatch}; use --restart to build it anew, or the same settings to resume.");
                    return 1;
                }

                output.WriteLine($"resuming {path}: {target.Cycles.Count} cycle(s) already included");
            }
            else
            {
                CycleData first = ModelCycleReader.Read(spec, cycles, included[0]);
                int[] leads = request.PerLead ? [.. first.LeadHours] : [-1];
                int[] hours = [.. included.SelectMany(cycle => first.LeadHours.Select(l => cycle.ValidTime(l).Hour)).Distinct().Order()];
                var info = new RelevanceClimatologyInfo(spec.Name, spec.Target, spec.Inputs, new RelevanceLocations(cycles.Grid, request.BinCells, watches),
                    leads, hours, request.Reference, method);
                target = new RelevanceClimatology(info, new RelevanceClimatologyOptions());
            }

            output.WriteLine(string.Create(c,
                $"relevance climatology of {spec.Name} ({spec.Target}) from {request.Archive}: {included.Count} cycles, {target.Info.Locations.BinCount} bins of "
                + $"{request.BinCells}×{request.BinCells} cells{(watches.Count > 0 ? $" + {watches.Count} watch region(s)" : "")}, leads "
                + $"{(target.Info.LeadSlots[0] < 0 ? "pooled" : string.Join(",", target.Info.LeadSlots))}, valid hours {string.Join(",", target.Info.Hours)} UTC, "
                + $"{method} against {request.Reference}"));
            var sampler = new RelevanceClimatologySampler(explainer, spec.Inputs, request.Batch);
            VariableId targetVariable = VariableId.Parse(spec.Target, VariableCatalog.Default);
            var progress = new InlineProgress<string>(line => output.WriteLine("  " + line));
            RelevanceClimatologyBuildResult result = RelevanceClimatologyBootstrap.Run(target, spec, sampler, cycles, included,
                (data, leadIndex) => request.Reference switch
                {
                    "none" => ReferenceState.None,
                    "training-mean" => ReferenceState.TrainingMean,
                    _ => ReferenceState.Climatology(percentile!, spec, data, leadIndex),
                },
                (data, leadIndex) => request.Reference == "climatology" && percentile!.Variables.Contains(targetVariable)
                    && percentile.Info(targetVariable).Grid.Matches(data.Grid)
                    ? percentile.Field(targetVariable, ClimateStatistic.Mean, data.ValidTimes[leadIndex])
                    : null,
                request.CheckpointEvery, climatology => RelevanceClimatologyFile.Save(climatology, path), progress, cancellationToken);

            int minimum = new RelevanceClimatologyOptions().MinimumHistory;
            int scored = Enumerable.Range(0, target.Info.SlotCount).Count(s => target.Moments(s) is { } m && m.Count >= minimum);
            int filled = Enumerable.Range(0, target.Info.SlotCount).Count(s => target.Moments(s) is not null);
            output.WriteLine(string.Create(c,
                $"{result.CyclesAdded} cycle(s) added ({result.AlreadyIncluded} already in), {result.ExplanationsAdded} explanations, {result.Skipped.Count} skipped; "
                + $"{filled} of {target.Info.SlotCount} slots have history, {scored} at least {minimum} (enough to score); {result.Elapsed.TotalSeconds:F1} s"));
            CellDepartureMoments departures = target.Departures;
            int[] departureSlots = [.. Enumerable.Range(0, departures.SlotCount).Where(departures.Has)];
            output.WriteLine(departureSlots.Length == 0
                ? "  unexplained departures: none kept (the archive lacks the target, or the reference is not the climatology)"
                : string.Create(c, $"  unexplained departures: {departureSlots.Length} of {departures.SlotCount} lead/hour/season slots, at least {departureSlots.Min(s => departures.Slot(s)!.Value.Counts.Min())} values per cell in each"));
            foreach (string skipped in result.Skipped)
            {
                output.WriteLine($"  skipped {skipped}");
            }

            output.WriteLine($"  {path}");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or DataFileException or CycleDataException or InvalidDataException or IncompleteCycleException
            or DirectoryNotFoundException or FileNotFoundException or InvalidModelSpecException)
        {
            error.WriteLine($"climatology relevance: {ex.Message}");
            return 1;
        }
        finally
        {
            percentile?.Dispose();
        }
    }

    /// <summary>NAME:SOUTH,NORTH,WEST,EAST.</summary>
    private static WatchRegion ParseWatch(string text)
    {
        string[] parts = text.Split(':');
        double[] box = parts.Length == 2 ? [.. parts[1].Split(',').Select(v => double.TryParse(v, CultureInfo.InvariantCulture, out double x) ? x : double.NaN)] : [];
        if (parts.Length != 2 || parts[0].Length == 0 || box.Length != 4 || box.Any(double.IsNaN) || box[0] > box[1])
        {
            throw new FormatException($"--watch '{text}' is not NAME:SOUTH,NORTH,WEST,EAST with SOUTH ≤ NORTH (e.g. alps:44,48,5,15).");
        }

        return new WatchRegion(parts[0], box[0], box[1], box[2], box[3]);
    }

    private static string? Mismatch(RelevanceClimatologyInfo info, ModelSpec spec, string reference, string method, int binCells, List<WatchRegion> watches)
    {
        if (info.Model != spec.Name || !info.Inputs.SequenceEqual(spec.Inputs))
        {
            return $"model {info.Model} (inputs {string.Join(",", info.Inputs)}), not {spec.Name} ({string.Join(",", spec.Inputs)})";
        }

        if (info.Reference != reference || info.Method != method)
        {
            return $"explanations by {info.Method} against {info.Reference}, not {method} against {reference}";
        }

        return info.Locations.BinCells != binCells || !info.Locations.Watches.SequenceEqual(watches)
            ? $"bins of {info.Locations.BinCells} cells and watch regions {string.Join(",", info.Locations.Watches.Select(w => w.Name))}"
            : null;
    }
}
