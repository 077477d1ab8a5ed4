using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Regimes;

namespace Monitor.Service.Cli;

/// <summary><c>v2vmonitor analogues</c>: the nearest historical states in EOF space to one lead of a cycle (docs/regimes.md).</summary>
internal static class AnaloguesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Regime model directory (from regimes fit).", DefaultValueFactory = _ => "data/regimes" };
        var cycle = new Option<string>("--cycle") { Description = "Cycle folder (named yyyyMMddHH).", Required = true };
        var lead = new Option<int>("--lead") { Description = "Lead (h).", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "Number of analogues.", DefaultValueFactory = _ => 5 };
        var separation = new Option<double>("--separation-days") { Description = "Minimum days between analogues and from the cycle's valid time.", DefaultValueFactory = _ => 5.0 };
        var command = new Command("analogues", "The nearest historical states in EOF space, with dates, distances and regimes.") { model, cycle, lead, count, separation };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(cycle)!, parse.GetValue(lead), parse.GetValue(count),
            parse.GetValue(separation), output, error));
        return command;
    }

    internal static int Run(string modelDir, string cycleFolder, int leadHours, int count, double separationDays, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        if (count < 1 || !(separationDays >= 0))
        {
            error.WriteLine($"analogues: --count must be ≥ 1 (got {count}) and --separation-days ≥ 0 (got {separationDays.ToString(c)}).");
            return 2;
        }

        try
        {
            RegimeModel model = RegimeModelStore.Load(modelDir);
            (CycleId cycle, int[] leads, float[][] fields) = RegimeArchiveReader.ReadCycle(cycleFolder, model.Info);
            int l = Array.IndexOf(leads, leadHours);
            if (l < 0)
            {
                error.WriteLine($"analogues: --lead {leadHours} is not a lead of cycle {cycle} (leads: {string.Join(", ", leads)} h).");
                return 2;
            }

            DateTime valid = cycle.ValidTime(leadHours);
            RegimeState state = model.Evaluate(valid, fields[l]);
            RegimeHistory history = CsvRegimeHistoryStore.For(modelDir, model.Info).Read(DateTime.MinValue, DateTime.MaxValue);
            IReadOnlyList<Analogue> analogues = new AnalogueFinder(history).Find(state.Pcs, valid, count, TimeSpan.FromDays(separationDays));
            output.WriteLine(string.Create(c, $"analogues of cycle {cycle} +{leadHours} h (valid {valid:yyyy-MM-dd HH:mm} UTC) in the {model.Eofs.Modes}-EOF space of {model.Info.Variable}:"));
            output.WriteLine($"  {"#",2} {"valid (UTC)",16} {"distance",10} {"regime",-6} {"name",-22} {"nearest",-7}");
            for (int i = 0; i < analogues.Count; i++)
            {
                Analogue a = analogues[i];
                output.WriteLine(string.Create(c, $"  {i + 1,2} {a.Time,16:yyyy-MM-dd HH:mm} {a.Distance,10:G4} {a.Label,-6} {a.Name,-22} {model.Info.RegimeIds[a.Cluster],-7}"));
            }

            return 0;
        }
        catch (Exception ex) when (ex is DataFileException or CycleDataException or IncompleteCycleException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException)
        {
            error.WriteLine($"analogues: {ex.Message}");
            return 1;
        }
    }
}
