using Monitor.Core.Relevance.Selectors;
using static TorchSharp.torch;

namespace Monitor.Bench;

/// <summary>
/// One method of the fidelity benchmark v2: maps one input x <c>[1, C, H, W]</c>, the reference state x_ref (same
/// shape) and a selector to an attribution map <c>[1, C, H, W]</c> of Σ s ⊙ (f(x) − f(x_ref)) (or of Σ s ⊙ f(x) for a
/// method without a reference). The call is what is timed: everything the method needs beyond the input.
/// </summary>
/// <param name="Name">Name as in the tables.</param>
/// <param name="Kind">"LRP, reference", "LRP, no reference", "baseline" or "true function".</param>
/// <param name="Candidate">True when the method may become the service's default (explains against a reference, runs on the network).</param>
/// <param name="Attribute">The attribution, in the caller's dispose scope.</param>
internal sealed record Fidelity2Method(string Name, string Kind, bool Candidate, Func<Tensor, Tensor, RelevanceSelector, Tensor> Attribute);
