using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Selectors;

/// <summary>
/// What an explanation explains: the relevance put on the network's output <c>[1, 1, H, W]</c> before it is propagated
/// to the inputs, with words saying what was explained and relative to what. Every selector starts from
/// s ⊙ (ŷ − ŷ_ref): a weight field s (the selection, its cells' weights, and for the normalised and error selectors a
/// factor computed from the predictions) times the deviation of the prediction ŷ from the prediction ŷ_ref for the
/// reference state (0 when there is none, so that the prediction itself is explained). LRP is linear in this starting
/// relevance, so explaining regions A and B separately and adding gives the explanation of A ∪ B (for the same
/// weights). Outputs are in the network's standardised units of the target.
/// </summary>
public sealed class RelevanceSelector
{
    private readonly float[] _weights;
    private readonly float[]? _comparison;

    private RelevanceSelector(SelectorKind kind, bool[] mask, float[]? cellWeights, float[]? comparison, string explained, string relativeTo)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int cells = mask.Count(m => m);
        if (cells == 0)
        {
            throw new ArgumentException($"The selector '{explained}' selects no cell.", nameof(mask));
        }

        if (cellWeights is not null && cellWeights.Length != mask.Length)
        {
            throw new ArgumentException($"The cell weights have {cellWeights.Length} values for a grid of {mask.Length} cells.", nameof(cellWeights));
        }

        if (comparison is not null && comparison.Length != mask.Length)
        {
            throw new ArgumentException($"The comparison field has {comparison.Length} values for a grid of {mask.Length} cells.", nameof(comparison));
        }

        Kind = kind;
        Mask = mask;
        CellCount = cells;
        AreaWeighted = cellWeights is not null && cells > 1;
        _weights = Weights(mask, AreaWeighted ? cellWeights : null);
        _comparison = comparison;
        Explained = explained;
        RelativeTo = relativeTo;
    }

    /// <summary>The kind of selection.</summary>
    public SelectorKind Kind { get; }

    /// <summary>The selected cells <c>[lat, lon]</c>.</summary>
    public IReadOnlyList<bool> Mask { get; }

    /// <summary>Number of selected cells.</summary>
    public int CellCount { get; }

    /// <summary>
    /// Whether the selection explains the area-weighted mean over its cells (weights cos φ, <see cref="RegionMask.AreaWeights"/>)
    /// rather than their plain sum.
    /// </summary>
    public bool AreaWeighted { get; }

    /// <summary>What was explained, e.g. "t2m over 45..50N, 5..15E (12 cells)".</summary>
    public string Explained { get; }

    /// <summary>Relative to what, e.g. "the climatological mean of 12 Dec 12 UTC" or "0 (the prediction itself)".</summary>
    public string RelativeTo { get; }

    /// <summary>The prediction at one cell: s = e_cell.</summary>
    public static RelevanceSelector Cell(bool[] mask, string explained, string relativeTo = Itself)
        => new(SelectorKind.Cell, Single(mask), null, null, explained, relativeTo);

    /// <summary>
    /// The prediction over a region: the plain sum (s = mask), or with <paramref name="cellWeights"/> (e.g. cos φ) the
    /// weighted mean (s = mask ⊙ w / Σ_mask w).
    /// </summary>
    public static RelevanceSelector Region(bool[] mask, string explained, float[]? cellWeights = null, string relativeTo = Itself)
        => new(SelectorKind.Region, mask, cellWeights, null, explained, relativeTo);

    /// <summary>
    /// The region's deviation scaled to unit mass: s = w / Σ_mask w |ŷ − ŷ_ref|, so that Σ |starting relevance| = 1
    /// whatever the size of the deviation and regions of different days and sizes compare.
    /// </summary>
    public static RelevanceSelector NormalisedRegion(bool[] mask, string explained, float[]? cellWeights = null, string relativeTo = Itself)
        => new(SelectorKind.NormalisedRegion, mask, cellWeights, null, explained, relativeTo + ", scaled to unit mass");

    /// <summary>The whole field: the plain sum, or with <paramref name="cellWeights"/> the weighted mean.</summary>
    public static RelevanceSelector Field(int cells, string explained, float[]? cellWeights = null, string relativeTo = Itself)
        => new(SelectorKind.Field, Enumerable.Repeat(true, cells).ToArray(), cellWeights, null, explained, relativeTo);

    /// <summary>
    /// The deviation of the prediction from the reference prediction, signed by where the prediction lies against the
    /// field <paramref name="comparison"/> y (standardised like the target, e.g. the forecast's own field):
    /// s = w ⊙ sign(ŷ − y), so positive input relevance marks inputs whose departure from the reference state pushes
    /// the prediction away from y.
    /// </summary>
    public static RelevanceSelector Error(bool[] mask, float[] comparison, string explained, string comparedWith, float[]? cellWeights = null,
        string relativeTo = Itself)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new(SelectorKind.Error, mask, cellWeights, comparison, explained, $"{relativeTo}, signed away from {comparedWith}");
    }

    /// <summary>
    /// The starting relevance <c>[1, 1, H, W]</c>, s ⊙ (ŷ − ŷ_ref), for the prediction <paramref name="output"/>
    /// <c>[1, 1, H, W]</c> and the reference state's prediction <paramref name="referenceOutput"/> (null: 0).
    /// </summary>
    public Tensor InitialRelevance(Tensor output, Tensor? referenceOutput = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        using IDisposable scope = NewDisposeScope();
        Tensor weights = OutputWeights(output, referenceOutput);
        Tensor y = output.detach();
        Tensor deviation = referenceOutput is null ? y : y.add(referenceOutput.detach().to(y.dtype).neg(), KeptScalars.One);
        return weights.mul(deviation).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The weight field s <c>[1, 1, H, W]</c> of <see cref="InitialRelevance"/>: the explained quantity is
    /// Σ s ⊙ f(x) − Σ s ⊙ f(x_ref) with s held fixed, which is what gradient-based methods attribute.
    /// </summary>
    public Tensor OutputWeights(Tensor output, Tensor? referenceOutput = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.numel() != _weights.Length)
        {
            throw new ArgumentException($"The selector is for {_weights.Length} cells but the output has {output.numel()}.", nameof(output));
        }

        if (referenceOutput is not null && !referenceOutput.shape.SequenceEqual(output.shape))
        {
            throw new ArgumentException(
                $"The reference prediction [{string.Join(", ", referenceOutput.shape)}] must have the prediction's shape [{string.Join(", ", output.shape)}].",
                nameof(referenceOutput));
        }

        using IDisposable scope = NewDisposeScope();
        Tensor y = output.detach();
        Tensor weights = tensor(_weights, y.shape, y.dtype, y.device);
        switch (Kind)
        {
            case SelectorKind.NormalisedRegion:
            {
                Tensor deviation = referenceOutput is null ? y : y.add(referenceOutput.detach().to(y.dtype).neg(), KeptScalars.One);
                double mass = weights.mul(deviation.abs()).sum().to(float64).item<double>();
                // Every selected cell equals the reference exactly: nothing to explain, and no relevance to start from.
                weights = mass > 0 ? weights.div(tensor(mass, y.dtype, y.device)) : zeros_like(weights);
                break;
            }

            case SelectorKind.Error:
                weights = weights.mul(y.add(tensor(_comparison!, y.shape, y.dtype, y.device).neg(), KeptScalars.One).sign());
                break;
        }

        return weights.MoveToOuterDisposeScope();
    }

    /// <summary>What a selection explains when no reference state is given.</summary>
    public const string Itself = "0 (the prediction itself)";

    /// <summary>1 on the selection (a sum), or the cell weights divided by their sum over the selection (a weighted mean).</summary>
    private static float[] Weights(bool[] mask, float[]? cellWeights)
    {
        var weights = new float[mask.Length];
        if (cellWeights is null)
        {
            for (int i = 0; i < mask.Length; i++)
            {
                weights[i] = mask[i] ? 1f : 0f;
            }

            return weights;
        }

        double total = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                total += cellWeights[i] > 0 && float.IsFinite(cellWeights[i])
                    ? cellWeights[i]
                    : throw new ArgumentException($"Cell weight {cellWeights[i]} at cell {i} of the selection is not positive.", nameof(cellWeights));
            }
        }

        for (int i = 0; i < mask.Length; i++)
        {
            weights[i] = mask[i] ? (float)(cellWeights[i] / total) : 0f;
        }

        return weights;
    }

    private static bool[] Single(bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int count = mask.Count(m => m);
        return count == 1 ? mask : throw new ArgumentException($"A cell selector needs exactly one cell; the mask has {count}.", nameof(mask));
    }
}
