using System.Globalization;

namespace Monitor.Core.Regimes.Embedding;

/// <summary>
/// Settings of a t-SNE embedding (van der Maaten and Hinton 2008; Barnes-Hut gradient, van der Maaten 2014). The
/// defaults are scikit-learn's, so that results can be compared on identical data.
/// </summary>
public sealed record TsneOptions
{
    /// <summary>Perplexity (effective number of neighbours); 30. The σᵢ are calibrated on the ⌊3·perplexity + 1⌋ nearest neighbours (as scikit-learn).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Total gradient-descent iterations, early exaggeration included; 1000.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Factor on P during the first <see cref="ExaggerationIterations"/> iterations; 12.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations with early exaggeration and momentum 0.5 (then 0.8); 250 (all of them when <see cref="Iterations"/> is smaller).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Learning rate; null for scikit-learn's 'auto' = max(N / early exaggeration / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Barnes-Hut accuracy θ (a cell is summarised when its width / distance &lt; θ); 0.5.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Initial positions; PCA by default.</summary>
    public TsneInitialization Initialization { get; init; } = TsneInitialization.Pca;

    /// <summary>Seed of every random choice (random initialisation, PCA start vectors); 0.</summary>
    public long Seed { get; init; }

    /// <summary>k of the trustworthiness T(k) reported with the embedding; 10.</summary>
    public int TrustworthinessNeighbours { get; init; } = 10;

    /// <summary>Neighbours used to calibrate each σᵢ: ⌊3·perplexity + 1⌋, as scikit-learn.</summary>
    public int NeighbourCount => (int)Math.Floor((3 * Perplexity) + 1);

    /// <summary>The learning rate in use for <paramref name="states"/> points.</summary>
    public double LearningRateFor(int states) => LearningRate ?? Math.Max(states / EarlyExaggeration / 4, 50);

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a setting is invalid for <paramref name="states"/> points.</summary>
    public void Validate(int states)
    {
        var c = CultureInfo.InvariantCulture;
        Require(double.IsFinite(Perplexity) && Perplexity >= 1, string.Create(c, $"perplexity {Perplexity} must be a number ≥ 1."));
        Require(states > NeighbourCount, string.Create(c,
            $"perplexity {Perplexity} is too large for {states} states: t-SNE needs more than ⌊3·perplexity + 1⌋ = {NeighbourCount} states (use perplexity < {Math.Max(0, (states - 1) / 3.0):0.##})."));
        Require(Iterations >= 1, string.Create(c, $"iterations {Iterations} must be ≥ 1."));
        Require(ExaggerationIterations >= 0, string.Create(c, $"exaggeration iterations {ExaggerationIterations} must be ≥ 0."));
        Require(double.IsFinite(EarlyExaggeration) && EarlyExaggeration >= 1, string.Create(c, $"exaggeration {EarlyExaggeration} must be a number ≥ 1."));
        Require(LearningRate is null || (double.IsFinite(LearningRate.Value) && LearningRate > 0), string.Create(c, $"learning rate {LearningRate} must be > 0."));
        Require(double.IsFinite(Theta) && Theta >= 0 && Theta <= 1, string.Create(c, $"theta {Theta} must lie in 0…1."));
        Require(TrustworthinessNeighbours >= 1 && TrustworthinessNeighbours < states / 2.0, string.Create(c,
            $"trustworthiness T({TrustworthinessNeighbours}) needs k ≥ 1 and more than 2k = {2 * TrustworthinessNeighbours} states; there are {states} (Venna and Kaski 2001)."));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
