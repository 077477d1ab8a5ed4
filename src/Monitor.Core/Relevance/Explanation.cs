using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance;

/// <summary>
/// The input relevance of K selections of one input: maps <c>[K, C, H, W]</c>, the prediction, and how much relevance
/// each selection put on the output — in the network's standardised units of the target.
/// </summary>
public sealed class Explanation
{
    internal Explanation(IReadOnlyList<RelevanceSelector> selectors, int channels, int cells, float[] output, float[] relevance, double[] outputRelevance,
        float[]? referenceOutput = null)
    {
        Selectors = selectors;
        Channels = channels;
        Cells = cells;
        Output = output;
        ReferenceOutput = referenceOutput;
        Relevance = relevance;
        OutputRelevance = outputRelevance;
    }

    /// <summary>
    /// An explanation by an attribution method other than LRP: <paramref name="attribution"/> <c>[K, C, H, W]</c> for the
    /// starting relevance <paramref name="start"/> <c>[K, 1, H, W]</c> (what it attributes) on the prediction
    /// <paramref name="output"/> <c>[1, 1, H, W]</c>, with the reference state's prediction when there is one.
    /// </summary>
    internal static Explanation FromAttribution(IReadOnlyList<RelevanceSelector> selectors, Tensor output, Tensor attribution, Tensor start, Tensor? referenceOutput)
    {
        using IDisposable scope = NewDisposeScope();
        return new Explanation(
            selectors,
            (int)attribution.shape[1],
            (int)(attribution.shape[2] * attribution.shape[3]),
            output.to(float32).OnHost().data<float>().ToArray(),
            attribution.to(float32).OnHost().data<float>().ToArray(),
            start.sum([1L, 2L, 3L]).to(float64).OnHost().data<double>().ToArray(),
            referenceOutput?.to(float32).OnHost().data<float>().ToArray());
    }

    /// <summary>What was explained, in order.</summary>
    public IReadOnlyList<RelevanceSelector> Selectors { get; }

    /// <summary>Number of input channels C.</summary>
    public int Channels { get; }

    /// <summary>Number of grid cells H × W.</summary>
    public int Cells { get; }

    /// <summary>The network's prediction <c>[H, W]</c> (standardised).</summary>
    public IReadOnlyList<float> Output { get; }

    /// <summary>The network's prediction <c>[H, W]</c> (standardised) for the reference state, or null without one.</summary>
    public IReadOnlyList<float>? ReferenceOutput { get; }

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
