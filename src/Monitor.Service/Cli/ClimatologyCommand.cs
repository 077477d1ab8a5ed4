using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Products;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor climatology build</c>: the percentile climatology of an archive (docs/extremes.md), or with
/// <c>--update</c> the same climatology extended by the archive's new cycles.
/// </summary>
internal static class ClimatologyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var archive = new Option<string>("--archive") { Description = "An archive: a directory of cycles (inbox layout, e.g. from generate) or a manifest (.json, docs/models.md).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Climatology directory (one climatology_{var}.nc per variable).", DefaultValueFactory = _ => "data/climatology" };
        var variables = new Option<string>("--variables") { Description = "Variables, comma-separated; si10 (10 m wind speed) is derived from u10/v10 when absent.", DefaultValueFactory = _ => "t2m,si10,tp" };
        var window = new Option<int>("--window-days") { Description = "Half-width of the day-of-year window (days).", DefaultValueFactory = _ => 15 };
        var step = new Option<int>("--day-step") { Description = "Spacing of the window centres (days); 1 = every day.", DefaultValueFactory = _ => 5 };
        var leads = new Option<string>("--leads") { Description = "Leads (h) whose valid-time fields make the climate: 0 (analyses), 0-72/6, 0,24.", DefaultValueFactory = _ => "0" };
        var poolHours = new Option<bool>("--pool-hours") { Description = "One climate for all hours of the day instead of one per valid hour (UTC)." };
        var memory = new Option<int>("--memory-mb") { Description = "Memory for the sample block (MiB); sets the rows per pass.", DefaultValueFactory = _ => 1024 };
        var update = new Option<bool>("--update") { Description = "Add the archive's new cycles to the climatology in --out (its settings are kept)." };
        var build = new Command("build", "Build (or --update) the percentile climatology of an archive.")
        {
            archive, outDir, variables, window, step, leads, poolHours, memory, update,
        };
        build.SetAction(parse =>
        {
            ClimatologyOptions options;
            try
            {
                options = new ClimatologyOptions
                {
                    Variables = [.. parse.GetValue(variables)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(v => VariableId.Parse(v, VariableCatalog.Default))],
                    WindowDays = parse.GetValue(window),
                    DayStep = parse.GetValue(step),
                    LeadHours = CliParsing.ParseLeads(parse.GetValue(leads)!, "--leads"),
                    PoolHours = parse.GetValue(poolHours),
                    MemoryBudgetBytes = (long)parse.GetValue(memory) << 20,
                }.Validate();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"climatology build: {ex.Message}");
                return 2;
            }

            return Run(parse.GetValue(archive)!, parse.GetValue(outDir)!, options, parse.GetValue(update), output, error);
        });
        return new Command("climatology", "Percentile climatologies for extreme detection; relevance climatologies for anomaly scores.") { build, RelevanceClimatologyCommand.Create(output, error) };
    }

    internal static int Run(string archive, string outDir, ClimatologyOptions options, bool update, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            var progress = new InlineProgress<string>(line => output.WriteLine("  " + line));
            var clock = Stopwatch.StartNew();
            ClimatologyBuildResult result;
            if (update)
            {
                output.WriteLine($"updating the climatology in {outDir} from {archive}");
                result = ClimatologyRefresh.Update(archive, outDir, options.MemoryBudgetBytes, progress);
            }
            else
            {
                using ICycleArchive cycles = CycleArchives.Open(archive);
                var source = new ArchiveClimateSource(cycles, options.LeadHours);
                output.WriteLine($"building the climatology of {string.Join(", ", options.Variables)} from {archive}: {source.Cycles.Count} cycles × leads {string.Join(",", options.LeadHours)} h, " +
                                 $"±{options.WindowDays} days every {options.DayStep} days, {(options.PoolHours ? "hours pooled" : "per valid hour")}, {source.Grid}");
                result = ClimatologyBuilder.Build(source, options, new ClimatologyFiles(outDir), progress);
            }

            output.WriteLine(string.Create(c,
                $"{result.NewCycles} new cycle(s), {result.Cycles} in all; {result.WindowsComputed} of {result.WindowsTotal} hour × window slots computed " +
                $"from {result.SamplesRead} sample reads in {result.Blocks} pass(es) of {result.RowsPerBlock} rows; {clock.Elapsed.TotalSeconds:F1} s"));
            foreach (string file in result.Files)
            {
                output.WriteLine($"  {file}");
            }

            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or DataFileException or CycleDataException or InvalidDataException or IncompleteCycleException or DirectoryNotFoundException)
        {
            error.WriteLine($"climatology build: {ex.Message}");
            return 1;
        }
    }
}
