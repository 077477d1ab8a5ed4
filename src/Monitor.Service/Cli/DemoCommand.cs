using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor demo</c>: the main job on the embedded default, no server needed. At this stage a smoke path: write a
/// multi-variable cycle (one netCDF file per lead, W1 grid) into the inbox, discover it, assemble it, check the round
/// trip, summarise it, and prove libtorch runs.
/// </summary>
internal static class DemoCommand
{
    /// <summary>W1 anchor grid: global 5.625°, 32×64 (Farokhmanesh et al. 2023).</summary>
    private static readonly GridSpec s_w1 = new(87.1875, 5.625, 32, 0, 5.625, 64);

    public static Command Create(TextWriter output, TextWriter error, TimeProvider time)
    {
        var data = new Option<string>("--data") { Description = "Data directory (inbox/ is created inside).", DefaultValueFactory = _ => "data" };
        var command = new Command("demo", "Run the smoke path end to end on a generated cycle.") { data };
        command.SetAction(parse => Run(parse.GetValue(data)!, output, error, time));
        return command;
    }

    internal static int Run(string dataDirectory, TextWriter output, TextWriter error, TimeProvider time)
    {
        var c = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        DateTime now = time.GetUtcNow().UtcDateTime;
        var cycle = new CycleId(new DateTime(now.Year, now.Month, now.Day, now.Hour / 6 * 6, 0, 0, DateTimeKind.Utc));
        int[] leads = Enumerable.Range(0, 13).Select(i => i * 6).ToArray();
        string inbox = Path.Combine(dataDirectory, "inbox");
        string folder = Path.Combine(inbox, cycle.ToString());

        output.WriteLine($"1. writing cycle {cycle} on {s_w1} with {leads.Length} leads to {folder}");
        CycleData written = SmokeCycle.Create(cycle, s_w1, leads);
        WriteOneFilePerLead(written, folder);
        File.WriteAllText(Path.Combine(folder, "_COMPLETE"), "");

        output.WriteLine("2. scanning the inbox");
        var scanner = new InboxScanner(new InboxOptions { Directory = inbox }, time);
        CycleCandidate? candidate = scanner.Scan().FirstOrDefault(x => x.Cycle == cycle);
        if (candidate is not { Readiness: CycleReadiness.Complete })
        {
            error.WriteLine($"demo: cycle {cycle} was not found complete in {inbox}: {candidate?.Reason ?? "not found"}");
            return 1;
        }

        output.WriteLine($"   found {candidate.Files.Count} files, complete");
        output.WriteLine("3. assembling the cycle from its files");
        CycleAssembly assembly;
        try
        {
            assembly = new CycleAssembler().Assemble(cycle, candidate.Files, SmokeCycle.Variables);
        }
        catch (Exception ex) when (ex is DataFileException or IncompleteCycleException)
        {
            error.WriteLine($"demo: {ex.Message}");
            return 1;
        }

        CycleData read = assembly.Data;
        double maxDifference = MaxAbsDifference(written.Values, read.Values);
        output.WriteLine(string.Create(c,
            $"   [{read.LeadHours.Count} leads, {read.Variables.Count} variables, {read.Grid.LatitudeCount}×{read.Grid.LongitudeCount}], " +
            $"statics: {(read.Statics is null ? "none" : "orography, lsm")}, max |read − written| = {maxDifference:G3}"));
        if (maxDifference > 0)
        {
            error.WriteLine("demo: the cycle read back differs from what was written.");
            return 1;
        }

        output.WriteLine("4. inspecting the +24 h file");
        InspectCommand.Run(Path.Combine(folder, FileName(cycle, 24)), json: false, output, error);
        output.WriteLine("5. checking libtorch");
        int doctor = DoctorCommand.Run(output, error);
        output.WriteLine(string.Create(c, $"demo finished in {clock.Elapsed.TotalSeconds:F1} s"));
        return doctor;
    }

    private static void WriteOneFilePerLead(CycleData data, string folder)
    {
        Directory.CreateDirectory(folder);
        int perLead = data.Variables.Count * data.Grid.CellCount;
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            float[] block = data.Values.Slice(l * perLead, perLead).ToArray();
            StaticFields? statics = l == 0 ? data.Statics : null;   // the static fields travel with the analysis
            var single = new CycleData(data.Cycle, data.Grid, [data.LeadHours[l]], data.Variables, block, statics);
            NetCdfCycleWriter.Write(single, Path.Combine(folder, FileName(data.Cycle, data.LeadHours[l])));
        }
    }

    private static string FileName(CycleId cycle, int lead) => string.Create(CultureInfo.InvariantCulture, $"fc_{cycle}_{lead:000}.nc");

    private static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return a.Length == b.Length ? max : double.PositiveInfinity;
    }
}
