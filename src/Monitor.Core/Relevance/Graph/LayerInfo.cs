using Monitor.Core.Relevance.Rules;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// A linear layer of a relevance graph as a <see cref="Composites.Composite"/> sees it when choosing its rule.
/// </summary>
/// <param name="Name">State-dict path of the layer's weight owner, e.g. <c>stem_first.conv</c>, <c>up.0.upsample</c>, <c>head</c>.</param>
/// <param name="Kind">Which linear map.</param>
/// <param name="Index">Position in forward order, 0 for the layer that reads the network's input.</param>
/// <param name="Count">Number of linear layers in the network.</param>
public sealed record LayerInfo(string Name, LinearLayerKind Kind, int Index, int Count)
{
    /// <summary>True for the layer that reads the network's input (its inputs are the standardised variables).</summary>
    public bool IsInput => Index == 0;

    /// <summary>True for the layer that writes the network's output.</summary>
    public bool IsOutput => Index == Count - 1;

    /// <summary>Relative depth from the input: 0 for the input layer, 1 for the output layer.</summary>
    public double Depth => Count == 1 ? 0 : (double)Index / (Count - 1);
}
