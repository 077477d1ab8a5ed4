namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// A 2-D t-SNE embedding with its quality: the exact KL divergence KL(P‖Q) (nats) of the final coordinates and the
/// trustworthiness T(k) (Venna and Kaski 2001) of the embedding against the input states.
/// </summary>
public sealed record TsneEmbedding(
    double[,] Coordinates,
    double KlDivergence,
    double Trustworthiness,
    int TrustworthinessNeighbours,
    double LearningRate,
    TsneOptions Options);
