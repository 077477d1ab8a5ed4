using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Transfer;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor predict --model DIR --cycle FOLDER</c>: loads a transfer model, assembles a cycle from its files and
/// predicts the target at every lead — what the service does for each new cycle — printing the prediction beside the
/// forecast's own field when the cycle has it.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Model directory.", Required = true };
        var cycle = new Option<string>("--cycle") { Description = "Cycle folder (named yyyyMMddHH) holding netCDF or GRIB files.", Required = true };
        var command = new Command("predict", "Predict a model's target for every lead of a cycle.") { model, cycle };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(cycle)!, output, error));
        return command;
    }

    internal static int Run(string modelDirectory, string cycleFolder, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        if (!CycleFolder.TryParse(cycleFolder, out CycleId cycle))
        {
            error.WriteLine($"predict: '{cycleFolder}' is not a cycle folder named yyyyMMddHH.");
            return 2;
        }

        try
        {
            using TransferModel loaded = TransferModel.Load(modelDirectory);
            CycleData data = ModelCycleReader.Read(loaded.Spec, cycle, CycleFolder.DataFiles(cycleFolder));
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
        catch (Exception ex) when (ex is InvalidModelSpecException or DataFileException or CycleDataException or IncompleteCycleException)
        {
            error.WriteLine($"predict: {ex.Message}");
            return 1;
        }
    }

    private static string Text(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";
}
