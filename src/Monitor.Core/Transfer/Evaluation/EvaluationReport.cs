namespace Monitor.Core.Transfer.Evaluation;

/// <summary>Skill of a model, the linear baseline and climatology over a period, overall, per lead and per hour of day.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Target">Target variable.</param>
/// <param name="Period">Evaluated cycles (init times).</param>
/// <param name="Cycles">Number of cycles evaluated (without the skipped ones).</param>
/// <param name="Reference">What the predictions are compared with (the forecast's own target field).</param>
/// <param name="Overall">Scores per predictor ("model", "linear", "climatology").</param>
/// <param name="ByLead">Lead (h) → predictor → scores.</param>
/// <param name="ByHourOfDay">Valid hour (UTC) → predictor → scores.</param>
/// <param name="SkippedCycles">Cycles of the period left out because a variable is absent or entirely missing at a lead.</param>
/// <param name="FirstSkipped">The first of them, with the reason.</param>
public sealed record EvaluationReport(
    string Model,
    string Target,
    string Period,
    int Cycles,
    string Reference,
    IReadOnlyDictionary<string, SkillScores> Overall,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, SkillScores>> ByLead,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, SkillScores>> ByHourOfDay,
    int SkippedCycles,
    IReadOnlyList<string> FirstSkipped);
