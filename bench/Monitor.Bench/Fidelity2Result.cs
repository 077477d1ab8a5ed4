namespace Monitor.Bench;

/// <summary>One method on one selection of one trained network (seed, network, grid) of the fidelity benchmark v2.</summary>
/// <param name="Seed">The seed of the problem, the network's initialisation, the training and the test samples.</param>
/// <param name="Network">"U-Net" or "ResNet".</param>
/// <param name="Grid">"global" or "regional".</param>
/// <param name="Method">The method's name.</param>
/// <param name="Selection">"field" or "region".</param>
/// <param name="Correlations">Per explained sample, Pearson r of the map with the truth (NaN when undefined).</param>
/// <param name="Completeness">Per sample, Σ map / Σ s ⊙ (ŷ − ŷ_ref).</param>
/// <param name="CostRatio">Median wall time of one explanation (one sample, one selection) / median time of one forward pass.</param>
internal sealed record Fidelity2Result(int Seed, string Network, string Grid, string Method, string Selection, double[] Correlations,
    double[] Completeness, double CostRatio);
