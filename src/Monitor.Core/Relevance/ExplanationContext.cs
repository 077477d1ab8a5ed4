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
/// <param name="Reference">The reference field <c>[lat, lon]</c> in the target's units, for the error selector; or null.</param>
/// <param name="Kernels">The verified convolution kernels that computed it (<c>KernelReport.Name</c>).</param>
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
    float[]? Reference,
    string Kernels);
