using Monitor.Core.Relevance.Selectors;

namespace Monitor.Core.Relevance;

/// <summary>
/// The input relevance of K selections of one input: maps <c>[K, C, H, W]</c>, the prediction, and how much relevance
/// each selection put on the output — in the network's standardised units of the target.
/// </summary>
public sealed class Explanation
{
    internal Explanation(IReadOnlyList<RelevanceSelector> selectors, int channels, int cells, float[] output, float[] relevance, double[] outputRelevance)
    {
        Selectors = selectors;
        Channels = channels;
        Cells = cells;
        Output = output;
        Relevance = relevance;
        OutputRelevance = outputRelevance;
    }

    /// <summary>What was explained, in order.</summary>
    public IReadOnlyList<RelevanceSelector> Selectors { get; }

    /// <summary>Number of input channels C.</summary>
    public int Channels { get; }

    /// <summary>Number of grid cells H × W.</summary>
    public int Cells { get; }

    /// <summary>The network's prediction <c>[H, W]</c> (standardised).</summary>
    public IReadOnlyList<float> Output { get; }

    /// <summary>Input relevance <c>[K, C, H, W]</c>.</summary>
    public float[] Relevance { get; }

    /// <summary>Σ of the starting relevance on the output, per selection.</summary>
    public IReadOnlyList<double> OutputRelevance { get; }

    /// <summary>The relevance map <c>[H, W]</c> of input <paramref name="channel"/> for selection <paramref name="selection"/>.</summary>
    public ReadOnlySpan<float> Map(int selection, int channel)
        => Relevance.AsSpan(((selection * Channels) + channel) * Cells, Cells);

    /// <summary>Σ of the input relevance of selection <paramref name="selection"/> over every input and cell.</summary>
    public double InputRelevance(int selection)
    {
        double sum = 0;
        foreach (float r in Relevance.AsSpan(selection * Channels * Cells, Channels * Cells))
        {
            sum += r;
        }

        return sum;
    }
}
