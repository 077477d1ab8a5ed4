namespace Monitor.Core.Regimes.Embedding;

/// <summary>The optimised t-SNE coordinates (<c>[state, 2]</c>) and the affinities P they were fitted to.</summary>
public sealed record TsneOptimisation(double[,] Coordinates, SparseAffinities Affinities, double LearningRate);
