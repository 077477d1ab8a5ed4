using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;

namespace Monitor.Bench;

/// <summary>
/// A composite with the rule of one group of layers replaced (the input layer, the hidden layers or the output layer),
/// the others as in <paramref name="inner"/>: shows which layer rule of a composite costs fidelity.
/// </summary>
/// <param name="inner">The composite to vary.</param>
/// <param name="group">"input", "hidden" or "output".</param>
/// <param name="rule">The replacing rule, as in <see cref="RuleSpec"/> (e.g. <c>zero</c>).</param>
internal sealed class FidelityAblationComposite(Composite inner, string group, string rule) : Composite($"{inner.Name}, {group} → {rule}")
{
    /// <inheritdoc />
    public override LrpRule RuleFor(LayerInfo layer, InputBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(layer);
        bool replaced = group switch
        {
            "input" => layer.IsInput,
            "output" => layer.IsOutput,
            "hidden" => !layer.IsInput && !layer.IsOutput,
            _ => throw new ArgumentException($"Unknown layer group '{group}'; use input, hidden or output.", nameof(layer)),
        };
        return replaced ? RuleSpec.Parse(rule, bounds) : inner.RuleFor(layer, bounds);
    }
}
