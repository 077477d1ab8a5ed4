using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Products;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Transfer;
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
        var reference = new Option<string?>("--reference") { Description = "For --selector error: the cycle's variable to compare with (default: the forecast's own field of the target)." };
        var rule = new Option<string>("--rule") { Description = $"Composite ({string.Join(", ", NamedComposite.All.Select(c => c.Name))}), one rule for every layer ({string.Join(", ", RuleSpec.Names)}, e.g. epsilon:0.25), or a .json composite.", DefaultValueFactory = _ => CompositeCatalog.Default.Name };
        var outFile = new Option<string>("--out") { Description = "Output netCDF file.", Required = true };
        var png = new Option<string?>("--png") { Description = "Also write a PNG panel with one map per input." };
        var command = new Command("explain", "Explain a model's prediction for a region, cell or mask with Layer-wise Relevance Propagation.")
        {
            model, cycle, archive, time, lead, region, cell, mask, selector, reference, rule, outFile, png,
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
                parse.GetValue(reference),
                parse.GetValue(rule)!,
                parse.GetValue(outFile)!,
                parse.GetValue(png)),
            output,
            error));
        return command;
    }

    /// <summary>The command's arguments.</summary>
    internal sealed record Request(string Model, string? Cycle, string? Archive, string? Time, int Lead, string? Region, string? Cell, string? Mask, string Selector,
        string? Reference, string Rule, string Out, string? Png);

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

        try
        {
            Composite composite = CompositeCatalog.Resolve(request.Rule);
            using TransferModel model = TransferModel.Load(request.Model);
            using var explainer = new RegionExplainer(model, composite);
            (bool[] cells, string where) = Selection(request, model.Spec.Grid);
            ExplainedQuantity quantity = request.Selector switch
            {
                "error" => ExplainedQuantity.Error,
                "normalised" => ExplainedQuantity.Normalised,
                _ => ExplainedQuantity.Output,
            };
            var region = new RegionRequest(request.Lead, cells, where, quantity, request.Reference, IsCell: request.Cell is not null);
            CycleData data = source.Read(model.Spec, explainer.Required(region));
            RegionExplanation result = explainer.Explain(data, region);
            ExplanationFile.Write(request.Out, data.Grid, result.Explanation, 0, result.Context, result.Summary);
            if (request.Png is not null)
            {
                WritePanel(request.Png, data.Grid, result.Explanation, model.Spec, data, result.Summary, composite, cycle, request.Lead);
            }

            Report(output, result.Summary, model.Spec, composite, result.Context.BoundsSource, request);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidModelSpecException or DataFileException or CycleDataException or IncompleteCycleException or FormatException or ArgumentException or KeyNotFoundException)
        {
            error.WriteLine($"explain: {ex.Message}");
            return 1;
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

    private static void WritePanel(string path, GridSpec grid, Explanation explanation, ModelSpec spec, CycleData data, RegionSummary summary,
        Composite composite, CycleId cycle, int lead)
    {
        var maps = spec.Inputs.Select((input, c) =>
        {
            string units = VariableCatalog.Default.TryResolve(input, out VariableAlias? alias) ? alias.Variable.Units : "?";
            VariableRelevance totals = summary.Variables[c];
            string title = string.Create(CultureInfo.InvariantCulture, $"{input} [{units}]: share {totals.Share:P0}, sum {totals.Sum:G3}");
            return new PanelMap(title, $"relevance [σ of {spec.Target}]", explanation.Map(0, c).ToArray());
        }).ToList();
        float[]? land = data.Statics?.LandSeaMask;
        string title = $"{spec.Name}: {summary.Explained} — cycle {cycle} +{lead} h — {composite.Name} — {summary.Footprint.Describe()}";
        RelevancePanel.Write(path, grid, maps, land, explanation.Selectors[0].Mask.ToArray(), title);
    }

    private static void Report(TextWriter output, RegionSummary summary, ModelSpec spec, Composite composite, string boundsSource, Request request)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"{spec.Name}: {summary.Explained}");
        output.WriteLine($"  relative to {summary.RelativeTo}; rule {composite.Name}" + (boundsSource == "unused" ? "" : $" (z^B bounds from the {boundsSource})"));
        output.WriteLine(string.Create(c, $"  region: {summary.Cells} cells, {summary.AreaKm2:F0} km², centroid {summary.CentroidLatitude:F2}N {summary.CentroidLongitude:F2}E"));
        output.WriteLine($"  {"input",-12} {"share",7} {"sum",11} {"positive",11} {"negative",11}");
        foreach (VariableRelevance v in summary.Variables.OrderByDescending(v => v.Share))
        {
            output.WriteLine(string.Create(c, $"  {v.Variable,-12} {v.Share,7:P1} {v.Sum,11:G4} {v.Positive,11:G4} {v.Negative,11:G4}"));
        }

        output.WriteLine($"  footprint: {summary.Footprint.Describe()}");
        output.WriteLine(string.Create(c,
            $"  relevance: output {summary.OutputRelevance:G5}, inputs {summary.InputRelevance:G5}, absorbed by biases and stabilisers {summary.ConservationResidual:G4} ({summary.RelativeConservationResidual:P1})"));
        output.WriteLine($"  wrote {request.Out}" + (request.Png is null ? "" : $" and {request.Png}"));
    }
}
