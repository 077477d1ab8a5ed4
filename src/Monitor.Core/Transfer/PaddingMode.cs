namespace Monitor.Core.Transfer;

/// <summary>How a grid axis is extended beyond its edge before a convolution.</summary>
public enum PaddingMode
{
    /// <summary>Repeat the edge value (regional grids).</summary>
    Replicate,

    /// <summary>Mirror across the edge (latitude on global grids, as Farokhmanesh et al. 2023).</summary>
    Reflect,

    /// <summary>Wrap around (longitude on global grids).</summary>
    Circular,
}
