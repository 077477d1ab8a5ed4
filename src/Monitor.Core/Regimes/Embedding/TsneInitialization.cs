namespace Monitor.Core.Regimes.Embedding;

/// <summary>How t-SNE places the points before optimising.</summary>
public enum TsneInitialization
{
    /// <summary>The first two principal components, scaled so the first has standard deviation 1e-4 (as scikit-learn); random for one-dimensional data.</summary>
    Pca,

    /// <summary>Gaussian noise with standard deviation 1e-4 drawn from the seed.</summary>
    Random,
}
