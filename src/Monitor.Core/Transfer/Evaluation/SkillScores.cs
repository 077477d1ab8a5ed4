namespace Monitor.Core.Transfer.Evaluation;

/// <summary>Verification scores of a predictor against a reference field (units of the target).</summary>
/// <param name="Count">Number of cell values compared.</param>
/// <param name="Rmse">Root-mean-square error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Bias">Mean error (prediction − reference).</param>
/// <param name="R2">Coefficient of determination, 1 − SSE/SST, SST about the reference's mean over the same values.</param>
/// <param name="Missing">Cell values skipped because the prediction or the reference is missing (NaN).</param>
public sealed record SkillScores(long Count, double Rmse, double Mae, double Bias, double R2, long Missing);
