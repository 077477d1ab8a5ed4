using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Grids;
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
            CycleData data = new CycleAssembler().Assemble(cycle, CycleFolder.DataFiles(cycleFolder), loaded.Spec.TimeDependentVariables()).Data;
            float[] predicted = loaded.Predict(data);
            VariableId target = VariableId.Parse(loaded.Spec.Target, VariableCatalog.Default);
            output.WriteLine($"{loaded.Spec.Name} ({loaded.Spec.Architecture}): {loaded.Spec.Target} for cycle {cycle}, {data.LeadHours.Count} leads");
            output.WriteLine($"  {"lead",5} {"predicted mean",15} {"forecast mean",14} {"RMSE",8}");
            int cells = data.Grid.CellCount;
            for (int l = 0; l < data.LeadHours.Count; l++)
            {
                ReadOnlySpan<float> prediction = predicted.AsSpan(l * cells, cells), forecast = data.Field(l, data.IndexOf(target));
                double sum = 0, reference = 0, squared = 0;
                for (int i = 0; i < cells; i++)
                {
                    sum += prediction[i];
                    reference += forecast[i];
                    squared += (prediction[i] - forecast[i]) * (prediction[i] - forecast[i]);
                }

                output.WriteLine(string.Create(c, $"  +{data.LeadHours[l],3} h {sum / cells,15:F3} {reference / cells,14:F3} {Math.Sqrt(squared / cells),8:F3}"));
            }

            return 0;
        }
        catch (Exception ex) when (ex is InvalidModelSpecException or DataFileException or IncompleteCycleException)
        {
            error.WriteLine($"predict: {ex.Message}");
            return 1;
        }
    }
}
