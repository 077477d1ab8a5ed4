using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor demo</c>: the main job on the embedded default, no server needed. Generates a small synthetic archive
/// (the last three days of 6-hourly cycles on the W1 grid) into the inbox, discovers the cycles, assembles the newest,
/// checks it against the model bit for bit, summarises it, and proves libtorch runs. Later capabilities extend it with
/// models, relevance, extremes, regimes and alerts.
/// </summary>
internal static class DemoCommand
{
    private const int Days = 3;
    private const long Seed = 2026;

    public static Command Create(TextWriter output, TextWriter error, TimeProvider time)
    {
        var data = new Option<string>("--data") { Description = "Data directory (inbox/ is created inside).", DefaultValueFactory = _ => "data" };
        var command = new Command("demo", "Run the pipeline end to end on a generated synthetic archive.") { data };
        command.SetAction(parse => Run(parse.GetValue(data)!, output, error, time));
        return command;
    }

    internal static int Run(string dataDirectory, TextWriter output, TextWriter error, TimeProvider time)
    {
        var c = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        DateTime now = time.GetUtcNow().UtcDateTime;
        var latest = new CycleId(new DateTime(now.Year, now.Month, now.Day, now.Hour / 6 * 6, 0, 0, DateTimeKind.Utc));
        string inbox = Path.Combine(dataDirectory, "inbox");
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = latest.InitTime.AddDays(-Days).AddHours(6),
            To = latest.InitTime,
            Seed = Seed,
            OutputDirectory = inbox,
        };

        output.WriteLine($"1. generating a synthetic archive: {Days} days of 6-hourly cycles, leads 0–72 h, W1 grid, seed {Seed}");
        Geography geography = GeographyBuilder.Build(options.Grid);
        GenerationSummary summary = ArchiveGenerator.Generate(options, geography);
        SyntheticSetup setup = summary.Setup;
        output.WriteLine(string.Create(c, $"   {summary.Cycles} cycles × {options.LeadHours.Count} leads of {string.Join(", ", AtmosphereModel.Variables)} in {inbox} ({summary.Elapsed.TotalSeconds:F1} s)"));
        output.WriteLine($"   geography: {geography.Source}");
        DescribeTruth(options, setup.Chain, summary, output);

        output.WriteLine("2. scanning the inbox");
        var scanner = new InboxScanner(new InboxOptions { Directory = inbox }, time);
        IReadOnlyList<CycleCandidate> candidates = scanner.Scan();
        CycleCandidate? candidate = candidates.FirstOrDefault(x => x.Cycle == latest);
        if (candidate is not { Readiness: CycleReadiness.Complete })
        {
            error.WriteLine($"demo: cycle {latest} was not found complete in {inbox}: {candidate?.Reason ?? "not found"}");
            return 1;
        }

        output.WriteLine($"   {candidates.Count(x => x.Readiness == CycleReadiness.Complete)} complete cycles; newest {latest}");
        output.WriteLine($"3. assembling cycle {latest} from {string.Join(", ", candidate.Files.Select(Path.GetFileName))}");
        CycleData read;
        try
        {
            read = new CycleAssembler().Assemble(latest, candidate.Files, AtmosphereModel.Variables).Data;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or IncompleteCycleException)
        {
            error.WriteLine($"demo: {ex.Message}");
            return 1;
        }

        CycleData expected = ArchiveGenerator.Compute(setup.Model, latest, options.LeadHours, geography.Fields);
        double maxDifference = MaxAbsDifference(expected.Values, read.Values);
        output.WriteLine(string.Create(c,
            $"   [{read.LeadHours.Count} leads, {read.Variables.Count} variables, {read.Grid.LatitudeCount}×{read.Grid.LongitudeCount}], " +
            $"statics: {(read.Statics is null ? "none" : "orography, lsm")}, max |read − model| = {maxDifference:G3}"));
        if (maxDifference > 0)
        {
            error.WriteLine("demo: the cycle read back differs from what the model computed.");
            return 1;
        }

        output.WriteLine("4. the +24 h forecast of the newest cycle");
        Summarise(read, read.IndexOfLead(24), output);
        output.WriteLine("5. checking libtorch");
        int doctor = DoctorCommand.Run(output, error);
        output.WriteLine(string.Create(c, $"demo finished in {clock.Elapsed.TotalSeconds:F1} s"));
        return doctor;
    }

    private static void DescribeTruth(GeneratorOptions options, RegimeChain chain, GenerationSummary summary, TextWriter output)
    {
        var regimes = new List<string>();
        for (DateTime t = options.From; t <= options.To; t = t.AddHours(6))
        {
            string label = chain.LabelAt(t).ToString();
            if (regimes.Count == 0 || !regimes[^1].StartsWith(label, StringComparison.Ordinal))
            {
                regimes.Add($"{label} from {t:yyyy-MM-dd HH}Z");
            }
        }

        output.WriteLine($"   regimes: {string.Join("; ", regimes)}");
        output.WriteLine(summary.Events.Count == 0
            ? "   planted events: none in this period"
            : $"   planted events: {string.Join("; ", summary.Events.Select(e => $"{e.Kind} {e.Start:MM-dd HH}Z–{e.End:MM-dd HH}Z ({e.Driver})"))}");
        output.WriteLine($"   ground truth: {Path.Combine(options.OutputDirectory, GroundTruthWriter.Folder)}");
    }

    private static void Summarise(CycleData data, int lead, TextWriter output)
    {
        output.WriteLine($"   {"variable",-9} {"min",12} {"mean",12} {"max",12}");
        for (int v = 0; v < data.Variables.Count; v++)
        {
            FieldStatistics s = FieldStatistics.Of(data.Field(lead, v));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {data.Variables[v],-9} {s.Minimum,12:G6} {s.Mean,12:G6} {s.Maximum,12:G6}"));
        }
    }

    private static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
