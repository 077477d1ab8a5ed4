namespace Monitor.Core.Relevance.Summaries;

/// <summary>
/// The summary of one explained selection: what and relative to what, where, each input's contribution, the
/// footprint, and the relevance absorbed by biases and stabilisers (conservation residual).
/// </summary>
/// <param name="Explained">What was explained.</param>
/// <param name="RelativeTo">Relative to what.</param>
/// <param name="Cells">Number of selected cells.</param>
/// <param name="AreaKm2">Area of the selected cells.</param>
/// <param name="CentroidLatitude">Area-weighted centroid of the selection, degrees north.</param>
/// <param name="CentroidLongitude">Its longitude, degrees east in the grid's convention.</param>
/// <param name="Variables">Per input variable, in the model's input order.</param>
/// <param name="Footprint">Where the relevance lies.</param>
/// <param name="OutputRelevance">Σ of the relevance put on the output.</param>
/// <param name="InputRelevance">Σ of the relevance reaching the inputs.</param>
public sealed record RegionSummary(
    string Explained,
    string RelativeTo,
    int Cells,
    double AreaKm2,
    double CentroidLatitude,
    double CentroidLongitude,
    IReadOnlyList<VariableRelevance> Variables,
    Footprint Footprint,
    double OutputRelevance,
    double InputRelevance)
{
    /// <summary>OutputRelevance − InputRelevance: what biases and stabilisers absorbed.</summary>
    public double ConservationResidual => OutputRelevance - InputRelevance;

    /// <summary>The residual relative to |OutputRelevance| (0 when nothing was put on the output).</summary>
    public double RelativeConservationResidual => OutputRelevance == 0 ? 0 : ConservationResidual / Math.Abs(OutputRelevance);
}
