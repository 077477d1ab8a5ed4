using Monitor.Core.Grids;

namespace Monitor.Core.Relevance;

/// <summary>What an explanation file records besides the maps: the model, the cycle, the rules, the prediction.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Target">Target variable.</param>
/// <param name="Inputs">Input variables in channel order.</param>
/// <param name="Cycle">The explained cycle.</param>
/// <param name="LeadHours">The explained lead.</param>
/// <param name="Composite">Composite name.</param>
/// <param name="LayerRules">Rule per linear layer, e.g. "stem_first.conv=zbox".</param>
/// <param name="BoundsSource">Where z^B's bounds come from.</param>
/// <param name="Prediction">The prediction <c>[lat, lon]</c> in the target's units.</param>
/// <param name="Comparison">The field the error selector compares with, <c>[lat, lon]</c> in the target's units; or null.</param>
/// <param name="Kernels">The verified convolution kernels that computed it (<c>KernelReport.Name</c>).</param>
/// <param name="Method">The attribution method, e.g. "lrp" or "integrated-gradients".</param>
/// <param name="Reference">The reference state's name ("climatology", "previous", "none", …).</param>
/// <param name="ReferenceDescription">The reference state in words.</param>
/// <param name="ReferencePrediction">The prediction for the reference state <c>[lat, lon]</c> in the target's units; null without one.</param>
public sealed record ExplanationContext(
    string Model,
    string Target,
    IReadOnlyList<string> Inputs,
    CycleId Cycle,
    int LeadHours,
    string Composite,
    IReadOnlyList<string> LayerRules,
    string BoundsSource,
    float[] Prediction,
    float[]? Comparison,
    string Kernels,
    string Method,
    string Reference,
    string ReferenceDescription,
    float[]? ReferencePrediction);
