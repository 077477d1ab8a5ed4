using Monitor.Core.Cycles;

namespace Monitor.Core.Transfer.Evaluation;

/// <summary>
/// Ablation (the anchor's measure of predictive strength, Farokhmanesh et al. 2023): the model's loss of skill when
/// each input in turn is replaced by its training mean. It does not retrain: that measures how much this trained
/// model relies on each input, for the same model LRP explains, at the cost of one evaluation per input; retraining
/// without the input (the anchor's procedure) measures how much information the input adds, at the cost of one
/// training per input, and can hide reliance when other inputs substitute.
/// </summary>
public static class Ablation
{
    /// <summary>Runs the ablation over a period.</summary>
    public static AblationReport Run(TransferModel model, ICycleArchive archive, TimePeriod period, EvaluationBaselines baselines)
    {
        ArgumentNullException.ThrowIfNull(model);
        SkillScores full = Evaluator.Evaluate(model, archive, period, baselines).Overall[Evaluator.ModelKey];
        var without = new Dictionary<string, SkillScores>(StringComparer.Ordinal);
        foreach (string input in model.Spec.Inputs)
        {
            without[input] = Evaluator.Evaluate(model, archive, period, baselines, inputAtMean: input).Overall[Evaluator.ModelKey];
        }

        return new AblationReport(model.Spec.Name, period.ToString(),
            "each input replaced by its training mean (0 after standardisation), no retraining", full, without);
    }
}
