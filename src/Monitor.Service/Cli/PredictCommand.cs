using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor predict --model DIR (--cycle FOLDER | --archive A --time T)</c>: loads a transfer model, assembles a cycle and
/// predicts the target at every lead — what the service does for each new cycle — printing the prediction beside the
/// forecast's own field when the cycle has it.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Model directory.", Required = true };
        (Option<string?> cycle, Option<string?> archive, Option<string?> time) = CycleSource.Options();
        Option<string> device = DeviceOption.Create();
        var command = new Command("predict", "Predict a model's target for every lead of a cycle, or of any sample of an archive.") { model, cycle, archive, time, device };
        command.SetAction(parse => CycleSource.From("predict", parse.GetValue(cycle), parse.GetValue(archive), parse.GetValue(time), error) is CycleSource source
            && DeviceOption.Resolve("predict", parse.GetValue(device)!, error) is ComputeDevice on
            ? Run(parse.GetValue(model)!, source, output, error, on)
            : 2);
        return command;
    }

    internal static int Run(string modelDirectory, CycleSource source, TextWriter output, TextWriter error, ComputeDevice? device = null)
    {
        var c = CultureInfo.InvariantCulture;
        CycleId cycle = source.Cycle;

        try
        {
            using TransferModel loaded = TransferModel.Load(modelDirectory, device ?? ComputeDevice.Cpu);
            CycleData data = source.Read(loaded.Spec);
            CyclePrediction prediction = CyclePrediction.Run(loaded, data);
            output.WriteLine($"{loaded.Spec.Name} ({loaded.Spec.Architecture}): {loaded.Spec.Target} for cycle {cycle}, {data.LeadHours.Count} leads" +
                (prediction.HasForecastTarget ? "" : $" (the cycle has no {loaded.Spec.Target} of its own to compare with)"));
            output.WriteLine($"  {"lead",5} {"predicted mean",15} {"forecast mean",14} {"RMSE",8}");
            foreach (LeadConsistency lead in prediction.Leads)
            {
                output.WriteLine(string.Create(c, $"  +{lead.LeadHours,3} h {lead.PredictedMean,15:F3} {Text(lead.ForecastMean),14} {Text(lead.Rmse),8}"));
            }

            return 0;
        }
        catch (Exception ex) when (ex is InvalidModelSpecException or DataFileException or CycleDataException or IncompleteCycleException or KeyNotFoundException or ArgumentException)
        {
            error.WriteLine($"predict: {ex.Message}");
            return 1;
        }
    }

    private static string Text(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";
}
