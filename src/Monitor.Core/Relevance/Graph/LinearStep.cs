using Monitor.Core.Relevance.Rules;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>A linear layer (BatchNorm folded in) whose relevance is redistributed by the rule its composite chose.</summary>
internal sealed class LinearStep : GraphStep
{
    public LinearStep(int input, int output, LayerInfo info, LinearLayer layer)
        : base([input], output)
    {
        Info = info;
        Layer = layer;
    }

    /// <summary>Name, kind and position for the composite.</summary>
    public LayerInfo Info { get; set; }

    /// <summary>The layer with BatchNorm folded in.</summary>
    public LinearLayer Layer { get; }

    /// <summary>The rule; set by the graph from its composite.</summary>
    public LrpRule? Rule { get; set; }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Layer.Apply(inputs[0], Layer.Weight, Layer.Bias);

    public override IReadOnlyList<Tensor> Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor relevance)
    {
        LrpRule rule = Rule ?? throw new InvalidOperationException($"No rule was chosen for layer '{Info.Name}'.");
        return [rule.Propagate(Layer, inputs[0], relevance, output)];
    }
}
