namespace Monitor.Core.Relevance.Selectors;

/// <summary>What a <see cref="RelevanceSelector"/> explains.</summary>
public enum SelectorKind
{
    /// <summary>The prediction at one cell: R = e_cell ⊙ ŷ.</summary>
    Cell,

    /// <summary>The sum of the prediction over a region, in one pass: R = mask ⊙ ŷ.</summary>
    Region,

    /// <summary>
    /// The region with every cell weighted equally: R = mask ⊙ sign(ŷ) / n, so each of the n cells starts with relevance
    /// of magnitude 1/n whatever the size of its prediction.
    /// </summary>
    NormalisedRegion,

    /// <summary>The whole field: R = ŷ.</summary>
    Field,

    /// <summary>
    /// The deviation from a reference field y (the forecast's own field or an observation): R = mask ⊙ sign(ŷ − y) ⊙ ŷ,
    /// so positive input relevance marks inputs that push the prediction away from y.
    /// </summary>
    Error,
}
