using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Graph;

/// <summary>
/// Cuts a padded value back to the grid (a U-Net's output, computed on the grid padded to multiples of 2^depth). The
/// crop's adjoint embeds the relevance into the padded grid with zeros on the cut-off cells: the values stay as they
/// are and only their windows move by the margins, so relevance is conserved.
/// </summary>
internal sealed class CropStep : GraphStep
{
    private readonly Func<long, long, GridMargins> _margins;

    /// <param name="padded">Slot of the padded value.</param>
    /// <param name="grid">Slot of a value on the grid itself (the network's input), read for its size alone; it gets no relevance.</param>
    /// <param name="output">Slot of the cropped value.</param>
    /// <param name="margins">The cells the padding added on each side of a grid of the given rows and columns.</param>
    public CropStep(int padded, int grid, int output, Func<long, long, GridMargins> margins)
        : base([padded, grid], output) => _margins = margins;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
        => _margins(inputs[1].shape[2], inputs[1].shape[3]).Crop(inputs[0]).contiguous();

    /// <summary>The relevance over windows of the padded value; none for the value read for its size.</summary>
    public override IReadOnlyList<WindowedRelevance> Backward(IReadOnlyList<Tensor> inputs, Tensor output, WindowedRelevance relevance)
        => [relevance with { Windows = Reach(inputs, output, relevance.Windows)[0] }];

    public override IReadOnlyList<Windows> Reach(IReadOnlyList<Tensor> inputs, Tensor output, Windows windows)
    {
        GridMargins margins = _margins(output.shape[2], output.shape[3]);
        return [Windows.At(windows.Rows, windows.Columns, [.. Enumerable.Range(0, windows.Count).Select(k => (windows[k].Top + margins.Top, windows[k].Left + margins.Left))])];
    }
}
