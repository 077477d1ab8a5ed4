using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Synthetic;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor generate</c>: writes a synthetic forecast archive with a known causal structure (regimes, planted
/// extremes, ground truth) in the inbox layout.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var grid = new Option<string>("--grid") { Description = "global-5.625 (W1), euro-0.25 (W2), or lat0,lat1,lon0,lon1,resolution.", DefaultValueFactory = _ => "global-5.625" };
        var from = new Option<string>("--from") { Description = "First cycle, UTC (e.g. 2026-01-01 or 2026-01-01T06).", Required = true };
        var to = new Option<string>("--to") { Description = "Last cycle, UTC, inclusive.", Required = true };
        var interval = new Option<string>("--cycle-interval") { Description = "Time between cycles (e.g. 6h, 12h, 1d).", DefaultValueFactory = _ => "6h" };
        var leads = new Option<string>("--leads") { Description = "Lead hours: 0-72/6 or a list 0,6,12.", DefaultValueFactory = _ => "0-72/6" };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed and options give bit-identical files.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Output directory (cycle folders and truth/).", Required = true };
        var etopo = new Option<string?>("--etopo") { Description = "Directory with ETOPO relief (default: Debian ferret-datasets)." };
        var spells = new Option<double>("--warm-spells-per-month")
        {
            Description = "Advective warm spells planted per month in December–February (Poisson, 0–30).",
            DefaultValueFactory = _ => EventPlanner.DefaultWarmSpellsPerMonth,
        };
        var noEvents = new Option<bool>("--no-events") { Description = "Plant no extremes: the seed's same weather, ordinary days only (truth/events.json empty)." };
        var command = new Command("generate", "Write a synthetic forecast archive with planted regimes and extremes, and its ground truth.")
        {
            grid, from, to, interval, leads, seed, outDir, etopo, spells, noEvents,
        };
        command.SetAction(parse =>
        {
            GeneratorOptions options;
            try
            {
                options = new GeneratorOptions
                {
                    Grid = ParseGrid(parse.GetValue(grid)!),
                    From = CliParsing.ParseUtc(parse.GetValue(from)!, "--from"),
                    To = CliParsing.ParseUtc(parse.GetValue(to)!, "--to"),
                    CycleInterval = CliParsing.ParseInterval(parse.GetValue(interval)!, "--cycle-interval"),
                    LeadHours = CliParsing.ParseLeads(parse.GetValue(leads)!, "--leads"),
                    Seed = parse.GetValue(seed),
                    OutputDirectory = parse.GetValue(outDir)!,
                    EtopoDirectory = parse.GetValue(etopo),
                    PlantEvents = !parse.GetValue(noEvents),
                    WarmSpellsPerMonth = parse.GetValue(spells),
                }.Validate();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"generate: {ex.Message}");
                return 2;
            }

            return Run(options, output);
        });
        return command;
    }

    private static Monitor.Core.Grids.GridSpec ParseGrid(string text)
    {
        try
        {
            return SyntheticGrids.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"--grid: {ex.Message}", ex);
        }
    }

    internal static int Run(GeneratorOptions options, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        Geography geography = GeographyBuilder.Build(options.Grid, options.EtopoDirectory);
        int total = options.Cycles().Count();
        output.WriteLine(string.Create(c, $"generating {total} cycles × {options.LeadHours.Count} leads on {options.Grid} into {options.OutputDirectory}"));
        output.WriteLine($"geography: {geography.Source}");
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        var progress = new InlineProgress<int>(done =>
        {
            long now = clock.ElapsedMilliseconds;
            if (done == total || now - Interlocked.Read(ref lastReport) >= 2000)
            {
                Interlocked.Exchange(ref lastReport, now);
                double eta = done == 0 ? 0 : clock.Elapsed.TotalSeconds / done * (total - done);
                output.WriteLine(string.Create(c, $"  {done}/{total} cycles, {clock.Elapsed.TotalSeconds:F0} s, ETA {eta:F0} s"));
            }
        });
        GenerationSummary summary = ArchiveGenerator.Generate(options, geography, progress);
        output.WriteLine(string.Create(c, $"wrote {summary.Cycles} cycles in {summary.Elapsed.TotalSeconds:F1} s; ground truth in {Path.Combine(options.OutputDirectory, GroundTruthWriter.Folder)}"));
        if (!options.PlantEvents)
        {
            output.WriteLine("  no extremes planted (--no-events)");
        }

        foreach (IGrouping<EventKind, PlantedEvent> kind in summary.Events.GroupBy(e => e.Kind))
        {
            output.WriteLine(string.Create(c, $"  planted {kind.Count()} × {kind.Key}{(kind.Any(e => e.UnusualForPlaceAndSeason) ? " (unusual driver)" : "")}"));
        }

        return 0;
    }
}
