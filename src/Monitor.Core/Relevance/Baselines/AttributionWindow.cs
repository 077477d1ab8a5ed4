using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Relevance.Baselines;

/// <summary>
/// The part of the grid a selection's outputs can depend on, so that a gradient-based attribution (integrated
/// gradients, gradient × (x − x_ref), occlusion) runs its many passes on a window instead of the whole grid. The window
/// holds every input of the selection's receptive field (<see cref="ReceptiveField"/>), starts on the network's coarse
/// grid (<see cref="ReceptiveField.Alignment"/>) and has a length it can run on; where it reaches a reflect or replicate
/// edge it ends at the grid's edge, so the network pads it there as on the whole grid. Along a circular (global
/// longitude) axis the grid is first rolled by a multiple of the alignment — a U-Net with circular padding and a ResNet
/// are equivariant to such rolls — so that the window does not touch the seam. The window's own edges are padded by
/// the network as if they were the grid's, but no output of the selection reads them, so the selection's outputs and
/// their gradients are the whole grid's, and every cell outside the window has attribution 0 there as here.
/// An axis is not windowed when the U-Net pads the grid to multiples of 2^depth along it, or when the window would
/// not be smaller than the grid. Docs: docs/relevance.md, "Windowed attributions".
/// </summary>
public sealed class AttributionWindow
{
    private readonly Axis _rows;
    private readonly Axis _columns;

    private AttributionWindow(Axis rows, Axis columns)
    {
        _rows = rows;
        _columns = columns;
    }

    /// <summary>Cells of the window as a fraction of the grid's.</summary>
    public double Fraction => (double)(_rows.Length * _columns.Length) / (_rows.Size * _columns.Size);

    /// <summary>
    /// The window for a selector <c>[N, 1, H, W]</c> (all samples' selections together) on <paramref name="spec"/>'s
    /// network, or null when no window is smaller than the grid (or the selector is zero everywhere).
    /// </summary>
    public static AttributionWindow? For(ModelSpec spec, Tensor selector)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.dim() != 4)
        {
            throw new ArgumentException($"The selector must be [N, 1, H, W], got [{string.Join(", ", selector.shape)}].", nameof(selector));
        }

        using IDisposable scope = NewDisposeScope();
        Tensor nonZero = selector.detach().ne(0);
        bool[] rows = nonZero.any(3).any(1).any(0).cpu().data<bool>().ToArray();
        bool[] columns = nonZero.any(2).any(1).any(0).cpu().data<bool>().ToArray();
        if (!rows.Any(r => r))
        {
            return null;
        }

        GridMargins margins = spec.Architecture == Architecture.UNet
            ? GridMargins.ToMultiple(rows.Length, columns.Length, ReceptiveField.Alignment(spec))
            : default;
        Axis rowAxis = Along(spec, rows, spec.LatitudePadding, margins.Top + margins.Bottom > 0);
        Axis columnAxis = Along(spec, columns, spec.LongitudePadding, margins.Left + margins.Right > 0);
        return rowAxis.IsWhole && columnAxis.IsWhole ? null : new AttributionWindow(rowAxis, columnAxis);
    }

    /// <summary>The window of <paramref name="value"/> <c>[N, C, H, W]</c> (a copy).</summary>
    public Tensor Crop(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckGrid(value);
        using IDisposable scope = NewDisposeScope();
        Tensor rolled = _columns.Shift == 0 ? value : value.roll(-_columns.Shift, 3);
        return rolled.narrow(2, _rows.Start, _rows.Length).narrow(3, _columns.Start, _columns.Length).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>A window's values <c>[N, C, rows, columns]</c> on the whole grid <c>[N, C, H, W]</c>, zero outside.</summary>
    public Tensor Embed(Tensor windowed)
    {
        ArgumentNullException.ThrowIfNull(windowed);
        if (windowed.dim() != 4 || windowed.shape[2] != _rows.Length || windowed.shape[3] != _columns.Length)
        {
            throw new ArgumentException(
                $"Expected [N, C, {_rows.Length}, {_columns.Length}], got [{string.Join(", ", windowed.shape)}].", nameof(windowed));
        }

        using IDisposable scope = NewDisposeScope();
        Tensor whole = zeros([windowed.shape[0], windowed.shape[1], _rows.Size, _columns.Size], windowed.dtype, windowed.device);
        whole.narrow(2, _rows.Start, _rows.Length).narrow(3, _columns.Start, _columns.Length).copy_(windowed);
        return (_columns.Shift == 0 ? whole : whole.roll(_columns.Shift, 3)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Checks the window against the whole grid's forward pass before it is trusted: <paramref name="network"/> run on
    /// the window of <paramref name="input"/> <c>[1, C, H, W]</c> must give <paramref name="output"/> (the whole grid's
    /// output for it, <c>[1, 1, H, W]</c>) on every cell a selection of <paramref name="selector"/> weights, to 1e-4 of
    /// the largest of those outputs (float32 kernels differ slightly with the size they run on). A receptive field
    /// computed wrongly would otherwise cut relevance silently.
    /// </summary>
    /// <exception cref="InvalidOperationException">The window's outputs differ from the whole grid's.</exception>
    public void Verify(nn.Module<Tensor, Tensor> network, Tensor input, Tensor output, Tensor selector)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(selector);
        using IDisposable scope = NewDisposeScope();
        using var frozen = new FrozenModule(network);
        Tensor windowed;
        using (no_grad())
        {
            windowed = network.call(Crop(input.detach()));
        }

        Tensor cells = Crop(selector.detach().ne(0).any(0, keepdim: true));
        Tensor expected = Crop(output.detach()).masked_select(cells);
        Tensor actual = windowed.masked_select(cells);
        double difference = actual.sub(expected).abs().max().to(float64).item<double>();
        double scale = expected.abs().max().to(float64).item<double>();
        if (!(difference <= (1e-4 * scale) + 1e-12))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"The attribution window ({this}) does not reproduce the network's output on the explained cells: largest difference {difference:G3} for outputs up to {scale:G3}. The receptive field of this architecture is computed wrongly; the attribution was not made."));
        }
    }

    /// <summary>Describes the window, e.g. for logs: "rows 40…135 of 160, columns 96…191 of 352 (16 % of the cells)".</summary>
    public override string ToString() =>
        FormattableString.Invariant(
            $"rows {_rows.Describe()}, columns {_columns.Describe()} ({Fraction * 100:F0} % of the cells)");

    private void CheckGrid(Tensor value)
    {
        if (value.dim() != 4 || value.shape[2] != _rows.Size || value.shape[3] != _columns.Size)
        {
            throw new ArgumentException(
                $"Expected [N, C, {_rows.Size}, {_columns.Size}], got [{string.Join(", ", value.shape)}].", nameof(value));
        }
    }

    private static Axis Along(ModelSpec spec, bool[] support, PaddingMode mode, bool padded)
    {
        long size = support.Length, alignment = ReceptiveField.Alignment(spec);
        Axis whole = new(0, size, 0, size);
        if (padded)
        {
            return whole;
        }

        long minimum = CeilingTo(ReceptiveField.MinimumLength(spec, mode), alignment);
        if (mode == PaddingMode.Circular)
        {
            (long first, long last) = CircularSpan(support);
            (long low, long high) = ReceptiveField.Inputs(spec, first, last);
            long shift = FloorTo(low, alignment);
            long length = Math.Max(minimum, CeilingTo(high - shift + 1, alignment));
            // The window must not reach the rolled grid's far end, or the seam's padding would be read.
            return length >= size ? whole : new Axis(0, length, Modulo(shift, size), size);
        }

        long firstCell = Array.IndexOf(support, true), lastCell = Array.LastIndexOf(support, true);
        (long from, long to) = ReceptiveField.Inputs(spec, firstCell, lastCell);
        long start = Math.Max(0, FloorTo(from, alignment));
        long end = Math.Min(size, CeilingTo(to + 1, alignment));
        if (end - start < minimum)
        {
            end = Math.Min(size, start + minimum);
            start = Math.Max(0, end - minimum);
        }

        return end - start >= size ? whole : new Axis(start, end - start, 0, size);
    }

    /// <summary>The shortest run of cells, possibly across the seam, holding every supported cell (last may exceed the size).</summary>
    private static (long First, long Last) CircularSpan(bool[] support)
    {
        int size = support.Length;
        int longestGap = 0, gapEnd = 0, run = 0;
        for (int i = 0; i < 2 * size; i++)
        {
            run = support[i % size] ? 0 : run + 1;
            if (run > longestGap && run <= size)
            {
                longestGap = run;
                gapEnd = i;
            }
        }

        long first = (gapEnd + 1) % size;
        return (first, first + size - longestGap - 1);
    }

    private static long FloorTo(long value, long multiple) => value >= 0 ? value / multiple * multiple : -CeilingTo(-value, multiple);

    private static long CeilingTo(long value, long multiple) => value >= 0 ? (value + multiple - 1) / multiple * multiple : -FloorTo(-value, multiple);

    private static long Modulo(long value, long size) => ((value % size) + size) % size;

    /// <summary>One axis: after rolling by −<paramref name="Shift"/> cells, cells Start … Start + Length − 1 of Size.</summary>
    private readonly record struct Axis(long Start, long Length, long Shift, long Size)
    {
        public bool IsWhole => Start == 0 && Length == Size && Shift == 0;

        public string Describe() => Shift + Start + Length <= Size
            ? FormattableString.Invariant($"{Shift + Start}…{Shift + Start + Length - 1} of {Size}")
            : FormattableString.Invariant($"{Shift + Start}…{(Shift + Start + Length - 1) % Size} of {Size} (across the seam)");
    }
}
