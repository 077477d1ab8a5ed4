using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Products;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Storage;
using Monitor.Core.Transfer;
using Monitor.Service.Options;
using Monitor.Service.Plotting;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor explain</c>: explains a model's prediction at one lead of a cycle for a region, a cell or a mask with
/// Layer-wise Relevance Propagation; writes the relevance of every input as CF netCDF, optionally a PNG panel, and
/// prints the summary (shares, footprint, conservation residual).
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Model directory.", Required = true };
        (Option<string?> cycle, Option<string?> archive, Option<string?> time) = CycleSource.Options();
        var lead = new Option<int>("--lead") { Description = "Lead time to explain, hours.", Required = true };
        var region = new Option<string?>("--region") { Description = "Region lat0,lat1,lon0,lon1 in degrees (lon0 > lon1 crosses the date line or Greenwich)." };
        var cell = new Option<string?>("--cell") { Description = "One cell lat,lon in degrees (the nearest grid cell)." };
        var mask = new Option<string?>("--mask") { Description = "netCDF file with a field on the model's grid, non-zero inside (FILE or FILE:VARIABLE)." };
        var selector = new Option<string>("--selector") { Description = "output (the prediction), normalised (every cell weighted equally) or error (the deviation from --reference).", DefaultValueFactory = _ => "output" };
        var compareWith = new Option<string?>("--compare-with") { Description = "For --selector error: the cycle's variable to compare with (default: the forecast's own field of the target)." };
        var reference = new Option<string>("--reference")
        {
            Description = "The state relevance is measured from: climatology (the climatological mean of the valid date and hour; needs --climatology), "
                + "previous (the previous cycle's forecast for the same valid time), analysis (this cycle's +0 h), training-mean, none (the prediction itself, classic LRP), or a netCDF/GRIB FILE holding the inputs at the valid time.",
            DefaultValueFactory = _ => "climatology",
        };
        var climatology = new Option<string?>("--climatology") { Description = "Percentile climatology directory ('climatology build' with every input) for --reference climatology." };
        var method = new Option<string>("--method") { Description = $"Attribution method: {string.Join(", ", ExplanationMethods.All.Select(m => m.Name))}.", DefaultValueFactory = _ => "lrp" };
        var steps = new Option<int>("--steps") { Description = "Integrated gradients: points on the path from the reference to the input.", DefaultValueFactory = _ => IntegratedGradientsAttribution.DefaultSteps };
        var unweighted = new Option<bool>("--unweighted") { Description = "Explain the plain sum over the region's cells instead of their area-weighted mean." };
        var rule = new Option<string>("--rule") { Description = $"Composite ({string.Join(", ", NamedComposite.All.Select(c => c.Name))}), one rule for every layer ({string.Join(", ", RuleSpec.Names)}, e.g. epsilon:0.25), or a .json composite.", DefaultValueFactory = _ => ServiceDefaults.Composite };
        var outFile = new Option<string>("--out") { Description = "Output netCDF file.", Required = true };
        var png = new Option<string?>("--png") { Description = "Also write a PNG panel with one map per input, zoomed on the region and its relevance." };
        var sharedScale = new Option<bool>("--shared-scale") { Description = "With --png: one colour scale for every input's map (default: a scale per map)." };
        Option<string> device = DeviceOption.Create();
        var command = new Command("explain", "Explain a model's prediction for a region, cell or mask with Layer-wise Relevance Propagation.")
        {
            model, cycle, archive, time, lead, region, cell, mask, selector, compareWith, reference, climatology, method, steps, unweighted, rule, outFile, png, sharedScale, device,
        };
        command.SetAction(parse => Run(
            new Request(
                parse.GetValue(model)!,
                parse.GetValue(cycle),
                parse.GetValue(archive),
                parse.GetValue(time),
                parse.GetValue(lead),
                parse.GetValue(region),
                parse.GetValue(cell),
                parse.GetValue(mask),
                parse.GetValue(selector)!,
                parse.GetValue(compareWith),
                parse.GetValue(reference)!,
                parse.GetValue(climatology),
                parse.GetValue(method)!,
                parse.GetValue(steps),
                parse.GetValue(unweighted),
                parse.GetValue(rule)!,
                parse.GetValue(outFile)!,
                parse.GetValue(png),
                parse.GetValue(sharedScale),
                parse.GetValue(device)!),
            output,
            error));
        return command;
    }

    /// <summary>The command's arguments.</summary>
    internal sealed record Request(string Model, string? Cycle, string? Archive, string? Time, int Lead, string? Region, string? Cell, string? Mask, string Selector,
        string? CompareWith, string Reference, string? Climatology, string Method, int Steps, bool Unweighted, string Rule, string Out, string? Png,
        bool SharedScale = false, string Device = "cpu");

    internal static int Run(Request request, TextWriter output, TextWriter error)
    {
        if (CycleSource.From("explain", request.Cycle, request.Archive, request.Time, error) is not CycleSource source)
        {
            return 2;
        }

        CycleId cycle = source.Cycle;

        if (new[] { request.Region, request.Cell, request.Mask }.Count(s => s is not null) != 1)
        {
            error.WriteLine("explain: give exactly one of --region, --cell and --mask.");
            return 2;
        }

        if (request.Selector is not ("output" or "normalised" or "error"))
        {
            error.WriteLine($"explain: --selector must be output, normalised or error; got '{request.Selector}'.");
            return 2;
        }

        if (request.Reference == "climatology" && request.Climatology is null)
        {
            error.WriteLine("explain: --reference climatology (the default) needs --climatology DIR, a climatology built with every input "
                + "('v2vmonitor climatology build --variables …'); or choose --reference previous, analysis, training-mean, none or a FILE.");
            return 2;
        }

        if (request.Steps < 1)
        {
            error.WriteLine($"explain: --steps must be at least 1; got {request.Steps}.");
            return 2;
        }

        if (DeviceOption.Resolve("explain", request.Device, error) is not ComputeDevice device)
        {
            return 2;
        }

        try
        {
            ExplanationMethod method = ExplanationMethods.Parse(request.Method);
            Composite composite = CompositeCatalog.Resolve(request.Rule);
            using TransferModel model = TransferModel.Load(request.Model, device);
            using var explainer = new RegionExplainer(model, composite, method, request.Steps);
            (bool[] cells, string where) = Selection(request, model.Spec.Grid);
            ExplainedQuantity quantity = request.Selector switch
            {
                "error" => ExplainedQuantity.Error,
                "normalised" => ExplainedQuantity.Normalised,
                _ => ExplainedQuantity.Output,
            };
            var region = new RegionRequest(request.Lead, cells, where, quantity, request.CompareWith, IsCell: request.Cell is not null, Unweighted: request.Unweighted);
            CycleData data = source.Read(model.Spec, explainer.Required(region));
            ReferenceState reference = ReferenceFor(request, source, model.Spec, data);
            var clock = Stopwatch.StartNew();
            RegionExplanation result = explainer.Explain(data, region, reference);
            clock.Stop();
            ExplanationFile.Write(request.Out, data.Grid, result.Explanation, 0, result.Context, result.Summary);
            if (request.Png is not null)
            {
                WritePanel(request.Png, data.Grid, result, model.Spec, data, cycle, request.Lead, request.SharedScale);
            }

            Report(output, result, model.Spec, request, clock.Elapsed);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidModelSpecException or DataFileException or CycleDataException or IncompleteCycleException or FormatException or ArgumentException or KeyNotFoundException)
        {
            error.WriteLine($"explain: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The reference state <c>--reference</c> names, for the explained lead of <paramref name="data"/>.</summary>
    private static ReferenceState ReferenceFor(Request request, CycleSource source, ModelSpec spec, CycleData data)
    {
        int leadIndex = data.LeadHours.ToList().IndexOf(request.Lead);
        if (leadIndex < 0)
        {
            throw new ArgumentException($"Cycle {data.Cycle} has no lead +{request.Lead} h; it has {string.Join(", ", data.LeadHours.Select(h => $"+{h}"))} h.");
        }

        DateTime valid = data.ValidTimes[leadIndex];
        switch (request.Reference)
        {
            case "none":
                return ReferenceState.None;
            case "training-mean":
                return ReferenceState.TrainingMean;
            case "climatology":
            {
                using PercentileClimatology climatology = ClimatologyFiles.Open(request.Climatology!);
                return ReferenceState.Climatology(climatology, spec, data, leadIndex);
            }

            case "previous":
                return ReferenceState.PreviousCycle(source.ReadPrevious(spec, valid), data, leadIndex);
            case "analysis":
                return ReferenceState.Analysis(data);
            default:
            {
                if (!File.Exists(request.Reference))
                {
                    throw new ArgumentException(
                        $"--reference must be climatology, previous, analysis, training-mean, none or an existing file; got '{request.Reference}'.");
                }

                // The file's fields are read as a cycle initialised at the valid time, so the state sits at +0 h.
                CycleData state = ModelCycleReader.Read(spec, new CycleId(valid), [request.Reference]);
                int index = state.LeadHours.ToList().IndexOf(0);
                return index >= 0
                    ? ReferenceState.FromFile(request.Reference, state, index)
                    : throw new CycleDataException(request.Reference, null, $"holds no fields valid at {valid:yyyy-MM-dd HH} UTC, the explained time.");
            }
        }
    }

    private static (bool[] Mask, string Where) Selection(Request request, GridSpec grid)
    {
        var c = CultureInfo.InvariantCulture;
        if (request.Region is not null)
        {
            double[] box = Numbers(request.Region, 4, "--region", "lat0,lat1,lon0,lon1");
            bool[] mask = RegionMask.Box(grid, box[0], box[1], box[2], box[3]);
            return (mask, string.Create(c, $"over {box[0]}..{box[1]}N, {box[2]}..{box[3]}E ({mask.Count(m => m)} cells)"));
        }

        if (request.Cell is not null)
        {
            double[] point = Numbers(request.Cell, 2, "--cell", "lat,lon");
            (int row, int column) = RegionMask.NearestCell(grid, point[0], point[1]);
            return (RegionMask.Cell(grid, row, column), string.Create(c, $"at {grid.Latitude(row):F2}N {grid.Longitude(column):F2}E"));
        }

        return MaskFromFile(request.Mask!, grid);
    }

    private static (bool[] Mask, string Where) MaskFromFile(string spec, GridSpec grid)
    {
        int colon = spec.LastIndexOf(':');
        (string path, string? variableName) = colon > 0 && !File.Exists(spec) ? (spec[..colon], spec[(colon + 1)..]) : (spec, null);
        using NetCdfDataset dataset = NetCdfDataset.Open(path);
        DatasetVariable variable = variableName is null
            ? (dataset.Variables.Count > 0 ? dataset.Variables[0] : throw new FormatException($"--mask: {path} has no field on a latitude/longitude grid."))
            : dataset.Find(variableName);
        GriddedField field = dataset.ReadField(variable);
        if (!field.Grid.Matches(grid))
        {
            throw new FormatException($"--mask: {path}:{variable.FileName} is on the grid {field.Grid}, the model on {grid}.");
        }

        bool[] mask = field.Values.Select(v => float.IsFinite(v) && v != 0).ToArray();
        return (mask, $"in the mask {Path.GetFileName(path)}:{variable.FileName} ({mask.Count(m => m)} cells)");
    }

    private static double[] Numbers(string text, int count, string option, string form)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        bool ok = parts.Length == count;
        for (int i = 0; ok && i < parts.Length; i++)
        {
            ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i]);
        }

        return ok ? values : throw new FormatException($"{option} takes {form} in degrees; got '{text}'.");
    }

    /// <summary>The PNG panel of <see cref="RegionExplanationPanel"/>, written to <paramref name="path"/>.</summary>
    private static void WritePanel(string path, GridSpec grid, RegionExplanation result, ModelSpec spec, CycleData data, CycleId cycle, int lead, bool sharedScale)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        AtomicFile.WriteAllBytes(fullPath, RegionExplanationPanel.Encode(grid, result, spec, data, cycle, lead, sharedScale));
    }

    private static void Report(TextWriter output, RegionExplanation result, ModelSpec spec, Request request, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        RegionSummary summary = result.Summary;
        ExplanationContext context = result.Context;
        output.WriteLine($"{spec.Name}: {summary.Explained}");
        output.WriteLine($"  relative to {summary.RelativeTo}");
        output.WriteLine($"  method {context.Method}" + (context.BoundsSource == "unused" ? "" : $" (z^B bounds from the {context.BoundsSource})"));
        bool[] mask = [.. result.Explanation.Selectors[0].Mask];
        output.WriteLine(string.Create(c, $"  prediction: region mean {RegionMean(context.Prediction, mask):G5} {Units(spec.Target)}")
            + (context.ReferencePrediction is { } reference ? string.Create(c, $"; for the reference state {RegionMean(reference, mask):G5}") : ""));
        output.WriteLine(string.Create(c, $"  region: {summary.Cells} cells, {summary.AreaKm2:F0} km², centroid {summary.CentroidLatitude:F2}N {summary.CentroidLongitude:F2}E"));
        output.WriteLine($"  {"input",-12} {"share",7} {"sum",11} {"positive",11} {"negative",11}");
        foreach (VariableRelevance v in summary.Variables.OrderByDescending(v => v.Share))
        {
            output.WriteLine(string.Create(c, $"  {v.Variable,-12} {v.Share,7:P1} {v.Sum,11:G4} {v.Positive,11:G4} {v.Negative,11:G4}"));
        }

        output.WriteLine($"  footprint: {summary.Footprint.Describe()}");
        string residual = context.Method.StartsWith("lrp", StringComparison.Ordinal) ? "absorbed by biases and stabilisers" : "completeness error";
        output.WriteLine(string.Create(c,
            $"  relevance: output {summary.OutputRelevance:G5}, inputs {summary.InputRelevance:G5}, {residual} {summary.ConservationResidual:G4} ({summary.RelativeConservationResidual:P1})"));
        output.WriteLine(string.Create(c, $"  cost: {elapsed.TotalMilliseconds:F0} ms (both forward passes and the attribution)"));
        output.WriteLine($"  wrote {request.Out}" + (request.Png is null ? "" : $" and {request.Png}"));
    }

    /// <summary>The plain mean of <paramref name="field"/> over the selected cells.</summary>
    private static double RegionMean(float[] field, bool[] mask)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sum += field[i];
                count++;
            }
        }

        return sum / count;
    }

    private static string Units(string variable) => VariableCatalog.Default.TryResolve(variable, out VariableAlias? alias) ? alias.Variable.Units : "";
}
