using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Selectors;

/// <summary>
/// What an explanation explains: the relevance put on the network's output <c>[1, 1, H, W]</c> before it is propagated
/// to the inputs, with words saying what was explained and relative to what. LRP is linear in this starting
/// relevance, so explaining regions A and B separately and adding gives the explanation of A ∪ B.
/// Outputs are in the network's standardised units of the target.
/// </summary>
public sealed class RelevanceSelector
{
    private readonly float[] _mask;
    private readonly float[]? _reference;

    private RelevanceSelector(SelectorKind kind, bool[] mask, float[]? reference, string explained, string relativeTo)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int cells = mask.Count(m => m);
        if (cells == 0)
        {
            throw new ArgumentException($"The selector '{explained}' selects no cell.", nameof(mask));
        }

        if (reference is not null && reference.Length != mask.Length)
        {
            throw new ArgumentException($"The reference has {reference.Length} values for a grid of {mask.Length} cells.", nameof(reference));
        }

        Kind = kind;
        Mask = mask;
        CellCount = cells;
        _mask = mask.Select(m => m ? 1f : 0f).ToArray();
        _reference = reference;
        Explained = explained;
        RelativeTo = relativeTo;
    }

    /// <summary>The kind of selection.</summary>
    public SelectorKind Kind { get; }

    /// <summary>The selected cells <c>[lat, lon]</c>.</summary>
    public IReadOnlyList<bool> Mask { get; }

    /// <summary>Number of selected cells.</summary>
    public int CellCount { get; }

    /// <summary>What was explained, e.g. "t2m over 45..50N, 5..15E (12 cells)".</summary>
    public string Explained { get; }

    /// <summary>Relative to what, e.g. "0 (the prediction itself)" or "the forecast's t2m".</summary>
    public string RelativeTo { get; }

    /// <summary>The prediction at one cell.</summary>
    public static RelevanceSelector Cell(bool[] mask, string explained) => new(SelectorKind.Cell, Single(mask), null, explained, Itself);

    /// <summary>The prediction summed over a region, R = mask ⊙ ŷ.</summary>
    public static RelevanceSelector Region(bool[] mask, string explained) => new(SelectorKind.Region, mask, null, explained, Itself);

    /// <summary>The region with each cell weighted equally, R = mask ⊙ sign(ŷ)/n.</summary>
    public static RelevanceSelector NormalisedRegion(bool[] mask, string explained)
        => new(SelectorKind.NormalisedRegion, mask, null, explained, Itself + ", each cell weighted 1/n");

    /// <summary>The whole field.</summary>
    public static RelevanceSelector Field(int cells, string explained)
        => new(SelectorKind.Field, Enumerable.Repeat(true, cells).ToArray(), null, explained, Itself);

    /// <summary>
    /// The deviation from <paramref name="reference"/> (standardised like the target) over a region,
    /// R = mask ⊙ sign(ŷ − y) ⊙ ŷ.
    /// </summary>
    public static RelevanceSelector Error(bool[] mask, float[] reference, string explained, string relativeTo)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new(SelectorKind.Error, mask, reference, explained, relativeTo);
    }

    /// <summary>The starting relevance <c>[1, 1, H, W]</c> for the prediction <paramref name="output"/> <c>[1, 1, H, W]</c>.</summary>
    public Tensor InitialRelevance(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.numel() != _mask.Length)
        {
            throw new ArgumentException($"The selector is for {_mask.Length} cells but the output has {output.numel()}.", nameof(output));
        }

        using IDisposable scope = NewDisposeScope();
        Tensor y = output.detach();
        Tensor mask = tensor(_mask, y.shape, y.dtype, y.device);
        Tensor weight = Kind switch
        {
            SelectorKind.NormalisedRegion => mask.mul(y.sign()).div(tensor((double)CellCount, y.dtype, y.device)),
            SelectorKind.Error => mask.mul(y.add(tensor(_reference!, y.shape, y.dtype, y.device).neg(), KeptScalars.One).sign()),
            _ => mask,
        };
        Tensor relevance = Kind == SelectorKind.NormalisedRegion ? weight : weight.mul(y);
        return relevance.MoveToOuterDisposeScope();
    }

    private const string Itself = "0 (the prediction itself)";

    private static bool[] Single(bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int count = mask.Count(m => m);
        return count == 1 ? mask : throw new ArgumentException($"A cell selector needs exactly one cell; the mask has {count}.", nameof(mask));
    }
}
