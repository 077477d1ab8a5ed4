namespace Monitor.Core.Transfer.Evaluation;

/// <summary>Loss of skill when each input is replaced by its training mean.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Period">Evaluated cycles.</param>
/// <param name="Method">How inputs are removed, and why.</param>
/// <param name="Full">Scores of the model with every input.</param>
/// <param name="Without">Input → scores with that input at its mean.</param>
public sealed record AblationReport(string Model, string Period, string Method, SkillScores Full, IReadOnlyDictionary<string, SkillScores> Without)
{
    /// <summary>RMSE increase per input (target units), largest first: the input's predictive strength for this model.</summary>
    public IReadOnlyList<(string Input, double RmseIncrease)> Ranking =>
        Without.Select(kv => (kv.Key, kv.Value.Rmse - Full.Rmse)).OrderByDescending(x => x.Item2).ToArray();
}
