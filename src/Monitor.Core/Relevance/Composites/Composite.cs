using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;

namespace Monitor.Core.Relevance.Composites;

/// <summary>
/// Chooses the LRP rule of every linear layer of a network (Zennit's term, Anders et al., arXiv:2106.13200; the
/// recipes follow Montavon et al. 2019 and Kohlbrenner et al., IJCNN 2020). BatchNorm is folded into the preceding
/// layer first, activations pass relevance through, and residual sums split it in proportion, so a composite only
/// decides the linear layers.
/// </summary>
public abstract class Composite
{
    /// <summary>Creates a composite.</summary>
    protected Composite(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Name as written in configuration and outputs.</summary>
    public string Name { get; }

    /// <summary>The rule for <paramref name="layer"/>; <paramref name="bounds"/> supplies z^B's input bounds.</summary>
    public abstract LrpRule RuleFor(LayerInfo layer, InputBounds bounds);

    /// <inheritdoc />
    public override string ToString() => Name;
}
