using System.CommandLine;

namespace Monitor.Service.Cli;

/// <summary>The <c>v2vmonitor</c> command line: one verb per operator task.</summary>
internal static class CliApplication
{
    public static RootCommand Build(TextWriter output, TextWriter error, TimeProvider time)
    {
        var root = new RootCommand(
            "V2V Monitor: explains forecast cycles with variable-transfer models and Layer-wise Relevance Propagation.");
        root.Subcommands.Add(InspectCommand.Create(output, error));
        root.Subcommands.Add(DemoCommand.Create(output, error, time));
        root.Subcommands.Add(DoctorCommand.Create(output, error));
        root.Subcommands.Add(GenerateCommand.Create(output, error));
        root.Subcommands.Add(TrainCommand.Create(output, error));
        root.Subcommands.Add(EvaluateCommand.CreateEvaluate(output, error));
        root.Subcommands.Add(EvaluateCommand.CreateAblate(output, error));
        root.Subcommands.Add(PredictCommand.Create(output, error));
        root.Subcommands.Add(ExplainCommand.Create(output, error));
        root.Subcommands.Add(PatternsCommand.Create(output, error));
        root.Subcommands.Add(EmbedCommand.Create(output, error));
        root.Subcommands.Add(RegimesCommand.Create(output, error));
        root.Subcommands.Add(AnaloguesCommand.Create(output, error));
        root.Subcommands.Add(ClimatologyCommand.Create(output, error));
        root.Subcommands.Add(ExtremesCommand.Create(output, error));
        root.Subcommands.Add(CyclesCommand.CreateList(output, error));
        root.Subcommands.Add(CyclesCommand.CreateBackfill(output, error));
        root.Subcommands.Add(AlertsCommand.Create(output, error, time));
        return root;
    }
}
