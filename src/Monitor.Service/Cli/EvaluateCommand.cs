using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Cycles;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Evaluation;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor evaluate</c> and <c>v2vmonitor ablate</c>: skill of a model against the linear baseline and
/// climatology, and the loss of skill without each input.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command CreateEvaluate(TextWriter output, TextWriter error) => Create("evaluate",
        "Score a model against the forecast's own target, beside the linear baseline and climatology: RMSE, MAE, bias, R² per lead and hour.",
        output, error, ablate: false);

    public static Command CreateAblate(TextWriter output, TextWriter error) => Create("ablate",
        "Loss of skill when each input is replaced by its training mean (no retraining).", output, error, ablate: true);

    private static Command Create(string name, string description, TextWriter output, TextWriter error, bool ablate)
    {
        var model = new Option<string>("--model") { Description = "Model directory.", Required = true };
        var archive = new Option<string>("--archive") { Description = "An archive: a directory of cycles (inbox layout, e.g. from generate) or a manifest (.json, docs/models.md).", Required = true };
        var period = new Option<string>("--period") { Description = "Cycles to evaluate, START..END (after the training period).", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var command = new Command(name, description) { model, archive, period, json };
        command.SetAction(parse =>
        {
            try
            {
                using TransferModel loaded = TransferModel.Load(parse.GetValue(model)!);
                using ICycleArchive source = CycleArchives.Open(parse.GetValue(archive)!);
                TimePeriod evaluated = TimePeriod.Parse(parse.GetValue(period)!);
                using EvaluationBaselines baselines = EvaluationBaselines.Fit(loaded.Spec, source);
                if (baselines.Skipped.Describe() is string skipped)
                {
                    output.WriteLine($"baselines (training period): {skipped}");
                }

                object report = ablate
                    ? WriteAblation(Ablation.Run(loaded, source, evaluated, baselines), output)
                    : WriteEvaluation(Evaluator.Evaluate(loaded, source, evaluated, baselines), output);
                if (parse.GetValue(json) is string path)
                {
                    File.WriteAllText(path, JsonSerializer.Serialize(report, s_json));
                    output.WriteLine($"JSON report: {path}");
                }

                return 0;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidModelSpecException or DirectoryNotFoundException
                                           or Core.Formats.DataFileException or Core.Cycles.IncompleteCycleException or Core.Cycles.CycleDataException)
            {
                error.WriteLine($"{name}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static EvaluationReport WriteEvaluation(EvaluationReport report, TextWriter output)
    {
        output.WriteLine($"{report.Model}: {report.Target} over {report.Cycles} cycles {report.Period}, against {report.Reference}");
        if (report.SkippedCycles > 0)
        {
            output.WriteLine($"{report.SkippedCycles} cycle(s) skipped for missing data; first: {string.Join("; ", report.FirstSkipped)}");
        }

        SkillScores model = report.Overall[Evaluator.ModelKey];
        if (model.Missing > 0)
        {
            output.WriteLine(FormattableString.Invariant(
                $"{model.Missing} of {model.Count + model.Missing} model cell values not scored (reference or an input missing)"));
        }

        WriteRow(output, "", report.Overall, header: true);
        WriteRow(output, "all", report.Overall, header: false);
        foreach (var (lead, scores) in report.ByLead)
        {
            WriteRow(output, $"+{lead} h", scores, header: false);
        }

        foreach (var (hour, scores) in report.ByHourOfDay)
        {
            WriteRow(output, $"{hour:00} UTC", scores, header: false);
        }

        return report;
    }

    private static void WriteRow(TextWriter output, string label, IReadOnlyDictionary<string, SkillScores> scores, bool header)
    {
        string[] keys = [Evaluator.ModelKey, Evaluator.LinearKey, Evaluator.ClimatologyKey];
        if (header)
        {
            output.WriteLine($"{"",-8} " + string.Join(" ", keys.Select(k => $"{k + " RMSE",17} {"MAE",7} {"bias",7} {"R²",6}")));
            return;
        }

        output.WriteLine($"{label,-8} " + string.Join(" ", keys.Select(k => Format(scores[k]))));
    }

    private static string Format(SkillScores s) =>
        FormattableString.Invariant($"{s.Rmse,17:F3} {s.Mae,7:F3} {s.Bias,7:F3} {s.R2,6:F3}");

    private static AblationReport WriteAblation(AblationReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"{report.Model} over {report.Period}: {report.Method}");
        output.WriteLine(string.Create(c, $"  all inputs: RMSE {report.Full.Rmse:F3}, R² {report.Full.R2:F3}"));
        foreach (var (input, increase) in report.Ranking)
        {
            output.WriteLine(string.Create(c, $"  without {input,-10} RMSE {report.Without[input].Rmse:F3} (+{increase:F3}), R² {report.Without[input].R2:F3}"));
        }

        return report;
    }
}
