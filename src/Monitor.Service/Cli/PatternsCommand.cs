using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Relevance.Patterns;
using Monitor.Service.Plotting;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor patterns fit | assign</c>: recurring relevance patterns ("clusters of regions that affect each
/// other", docs/relevance.md) from explanation files written by <c>explain</c>; <c>fit</c> clusters them and draws each
/// pattern's mean relevance around the region as PNG, <c>assign</c> names the nearest pattern of a new explanation.
/// </summary>
internal static class PatternsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("patterns", "Recurring relevance patterns across explained regions.");
        command.Subcommands.Add(CreateFit(output, error));
        command.Subcommands.Add(CreateAssign(output, error));
        return command;
    }

    private static Command CreateFit(TextWriter output, TextWriter error)
    {
        var explanations = new Option<string[]>("--explanations") { Description = "Explanation files (.nc from explain) or folders holding them.", Required = true, AllowMultipleArgumentsPerToken = true };
        var clusters = new Option<int>("--clusters") { Description = "Number of patterns k.", DefaultValueFactory = _ => 4 };
        var halfWidth = new Option<int>("--half-width") { Description = "Half-width of the relevance window around each region, grid cells.", DefaultValueFactory = _ => 8 };
        var scale = new Option<double>("--footprint-scale-km") { Description = "Footprint length (km) that weighs as much as a whole input share.", DefaultValueFactory = _ => 500 };
        var seed = new Option<long>("--seed") { Description = "Seed of the k-means restarts.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Folder for relevance-patterns.json and one PNG per pattern.", Required = true };
        var command = new Command("fit", "Cluster explained regions into recurring relevance patterns.") { explanations, clusters, halfWidth, scale, seed, outDir };
        command.SetAction(parse => Fit(parse.GetValue(explanations)!, new RelevancePatternOptions(parse.GetValue(clusters), parse.GetValue(scale), Seed: parse.GetValue(seed)),
            parse.GetValue(halfWidth), parse.GetValue(outDir)!, output, error));
        return command;
    }

    private static Command CreateAssign(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Folder written by patterns fit.", Required = true };
        var explanation = new Option<string>("--explanation") { Description = "An explanation file (.nc from explain).", Required = true };
        var command = new Command("assign", "Name the nearest relevance pattern of an explanation.") { model, explanation };
        command.SetAction(parse => Assign(parse.GetValue(model)!, parse.GetValue(explanation)!, output, error));
        return command;
    }

    private static int Fit(string[] sources, RelevancePatternOptions options, int halfWidth, string outDir, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            options.Validate();
            ArgumentOutOfRangeException.ThrowIfNegative(halfWidth, "--half-width");
            var files = sources.SelectMany(ExplanationFiles).ToList();
            var cases = files.Select(f => ExplanationFile.ReadCase(f, halfWidth)).ToList();
            RelevancePatternModel model = RelevancePatternModel.Fit(cases, options);
            RelevancePatternFile.Save(model, outDir);
            output.WriteLine(string.Create(c, $"{cases.Count} explained regions → {model.Patterns.Count} relevance patterns ({Path.Combine(outDir, RelevancePatternFile.FileName)})"));
            foreach (RelevancePattern pattern in model.Patterns)
            {
                string png = Path.Combine(outDir, $"{pattern.Name}.png");
                Draw(png, model, pattern);
                output.WriteLine(string.Create(c, $"  {pattern.Name}: {pattern.Members} region{(pattern.Members == 1 ? "" : "s")}, spread {pattern.TypicalDistance:F2} — {pattern.Describe(model.Inputs)} ({png})"));
            }

            return 0;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            error.WriteLine($"patterns fit: {ex.ParamName}: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or ArgumentException or DirectoryNotFoundException or FileNotFoundException)
        {
            error.WriteLine($"patterns fit: {ex.Message}");
            return 1;
        }
    }

    private static int Assign(string modelDir, string explanation, TextWriter output, TextWriter error)
    {
        try
        {
            RelevancePatternModel model = RelevancePatternFile.Load(modelDir);
            RelevanceCase relevanceCase = ExplanationFile.ReadCase(explanation, model.HalfWidth);
            PatternAssignment assignment = model.Assign(relevanceCase);
            RelevancePattern pattern = model.Patterns[assignment.Pattern];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{relevanceCase.Id}: {assignment.Name} ({pattern.Describe(model.Inputs)}), distance {assignment.Distance:F2} = {assignment.Ratio:F1}× the pattern's spread"));
            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or ArgumentException or InvalidDataException)
        {
            error.WriteLine($"patterns assign: {ex.Message}");
            return 1;
        }
    }

    /// <summary>A file as given, or the .nc files of a folder in name order.</summary>
    private static IEnumerable<string> ExplanationFiles(string source) =>
        Directory.Exists(source)
            ? Directory.EnumerateFiles(source, "*.nc").Order(StringComparer.Ordinal)
            : File.Exists(source) ? [source] : throw new FileNotFoundException($"No explanation file or folder at {source}.");

    /// <summary>One map per input: the pattern's mean relevance (fraction of each case's Σ|R|) around the region.</summary>
    private static void Draw(string path, RelevancePatternModel model, RelevancePattern pattern)
    {
        var c = CultureInfo.InvariantCulture;
        int size = (2 * model.HalfWidth) + 1;
        // A grid centred on 0°N 0°E with the model's spacing: the axes read as degrees from the region's centre.
        var window = new GridSpec(model.HalfWidth * model.LatitudeStep, model.LatitudeStep, size, -model.HalfWidth * model.LongitudeStep, model.LongitudeStep, size);
        var maps = model.Inputs.Select((input, i) => new PanelMap(
            string.Create(c, $"{input} ({pattern.Shares[i] * 100:F0} %)"), "fraction of Σ|R| per cell", pattern.Windows[i])).ToList();
        var centre = new bool[window.CellCount];
        centre[window.CellCount / 2] = true;
        RelevancePanel.Write(path, window, maps, landFraction: null, regionMask: centre,
            string.Create(c, $"{pattern.Name}: mean relevance of {pattern.Members} regions, centred on each region (axes: degrees from its centre)"));
    }
}
