namespace Monitor.Core.Monitoring;

/// <summary>What an explanation of a region starts from (Letzgus et al. 2022: always say relative to what).</summary>
public enum ExplainedQuantity
{
    /// <summary>The prediction summed over the region (one cell for a one-cell region).</summary>
    Output,

    /// <summary>The region with every cell weighted equally.</summary>
    Normalised,

    /// <summary>The prediction's deviation from a reference field of the cycle (by default the forecast's own target).</summary>
    Error,
}
