using System.Globalization;

namespace Monitor.Core.Regimes.Embedding;

/// <summary>Settings for placing new states into a fixed t-SNE embedding (see <see cref="TsnePlacer"/>).</summary>
public sealed record PlacementOptions
{
    /// <summary>Perplexity of each new state's affinities to the reference states; 5 (openTSNE's default for transform: placements stay local).</summary>
    public double Perplexity { get; init; } = 5;

    /// <summary>Gradient-descent iterations per new state; 250.</summary>
    public int Iterations { get; init; } = 250;

    /// <summary>Learning rate (embedding units² per unit gradient); 1.</summary>
    public double LearningRate { get; init; } = 1;

    /// <summary>Barnes-Hut accuracy θ for the repulsion from the reference points; 0.5.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Neighbours among the reference states: ⌊3·perplexity + 1⌋.</summary>
    public int NeighbourCount => (int)Math.Floor((3 * Perplexity) + 1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when it is invalid for <paramref name="referenceStates"/> reference points.</summary>
    public void Validate(int referenceStates)
    {
        var c = CultureInfo.InvariantCulture;
        if (!double.IsFinite(Perplexity) || Perplexity < 1 || NeighbourCount > referenceStates)
        {
            throw new ArgumentException(string.Create(c,
                $"placement perplexity {Perplexity} must be ≥ 1 with ⌊3·perplexity + 1⌋ = {NeighbourCount} ≤ {referenceStates} reference states."));
        }

        if (Iterations < 0 || !double.IsFinite(LearningRate) || LearningRate <= 0 || !double.IsFinite(Theta) || Theta < 0 || Theta > 1)
        {
            throw new ArgumentException(string.Create(c, $"placement iterations {Iterations} must be ≥ 0, learning rate {LearningRate} > 0 and theta {Theta} in 0…1."));
        }
    }
}
