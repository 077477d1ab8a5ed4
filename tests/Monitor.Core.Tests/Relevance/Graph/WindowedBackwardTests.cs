using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Graph;

/// <summary>
/// The backward pass works on the window of each value that the selection's relevance can reach. Its result must be
/// the whole-grid pass's: LRP is linear in the starting relevance (the forward values fix every rule's denominators),
/// so R(A) = R(A + B) − R(B) for a B that is non-zero on every cell, whose pass runs on whole grids throughout.
/// </summary>
public sealed class WindowedBackwardTests(ITestOutputHelper output)
{
    private const int Height = 24, Width = 48;

    private static readonly (PaddingMode Latitude, PaddingMode Longitude)[] Modes =
        [(PaddingMode.Reflect, PaddingMode.Circular), (PaddingMode.Replicate, PaddingMode.Replicate), (PaddingMode.Circular, PaddingMode.Reflect)];

    public static TheoryData<string, PaddingMode, PaddingMode> Architectures() => new()
    {
        { "unet", PaddingMode.Reflect, PaddingMode.Circular },
        { "unet", PaddingMode.Replicate, PaddingMode.Replicate },
        { "unet2", PaddingMode.Reflect, PaddingMode.Circular },
        { "unet2", PaddingMode.Replicate, PaddingMode.Replicate },
        { "resnet", PaddingMode.Reflect, PaddingMode.Circular },
        { "resnet", PaddingMode.Replicate, PaddingMode.Replicate },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void WindowedPass_EqualsTheWholeGridPass(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, latitude, longitude);
        Tensor x = Networks.Input(float64, Height, Width);
        Tensor y = Networks.Predict(net, x);

        // Corner cell, a cell on the date line's west side, a block in the middle, and two cells far apart (one batch
        // element: the window is their union).
        (string Name, (int Row, int Column)[] Cells)[] selections =
        [
            ("corner", [(0, 0)]),
            ("date line", [(11, Width - 1)]),
            ("middle block", [(10, 20), (10, 21), (11, 20), (11, 21), (12, 22)]),
            ("two far cells", [(2, 5), (21, 40)]),
        ];
        Tensor everywhere = y.mul(tensor(1e-3, float64));
        Composite[] composites = [.. NamedComposite.All, CompositeCatalog.Resolve("zero")];
        foreach (Composite composite in composites)
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, composite, bounds: null);
            Tensor reference = explainer.Propagate(x, everywhere);
            foreach ((string name, (int Row, int Column)[] cells) in selections)
            {
                Tensor start = zeros_like(y);
                foreach ((int row, int column) in cells)
                {
                    start[0, 0, row, column] = y[0, 0, row, column];
                }

                Tensor windowed = explainer.Propagate(x, start);
                Tensor whole = explainer.Propagate(x, start.add(everywhere)).sub(reference);
                double scale = whole.abs().max().item<double>();
                double difference = windowed.sub(whole).abs().max().item<double>();
                output.WriteLine($"{architecture} {latitude}/{longitude} {composite.Name} {name}: max |windowed − whole| = {difference:E2} (max |R| = {scale:E2})");
                Assert.True(scale > 0, $"{composite.Name} {name}: no relevance at all");
                Assert.True(difference <= 1e-9 * scale, $"{composite.Name} {name}: max |windowed − whole| = {difference:E2}, max |R| = {scale:E2}");
            }
        }
    }

    [Fact]
    public void ResNet_CellRelevance_StaysInsideItsReceptiveField()
    {
        // The stem and two convolutions per block, each 3×3: a cell sees 1 + 2·3 = 7 cells each way, no further.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float64, zeroBias: false, PaddingMode.Replicate, PaddingMode.Replicate, blocks: 3);
        Tensor x = Networks.Input(float64, Height, Width);
        Tensor y = Networks.Predict(net, x);

        Tensor start = zeros_like(y);
        start[0, 0, 12, 24] = y[0, 0, 12, 24];
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Default, bounds: null);
        Tensor relevance = explainer.Propagate(x, start).abs().sum([0L, 1L]);
        Assert.Equal(0.0, relevance[..5, ..].sum().item<double>() + relevance[20.., ..].sum().item<double>()
            + relevance[.., ..17].sum().item<double>() + relevance[.., 32..].sum().item<double>());
        Assert.True(relevance[5, 24].item<double>() > 0 && relevance[12, 17].item<double>() > 0, "the field's edge cells get relevance");
    }

    [Theory]
    [InlineData(1L, 0L, 0L, 3L, 4L)] // reaches into the top and left padding
    [InlineData(1L, 3L, 4L, 2L, 3L)] // interior only: the window just moves
    [InlineData(1L, 7L, 9L, 2L, 2L)] // bottom-right padding
    [InlineData(1L, 0L, 0L, 9L, 11L)] // the whole padded grid
    [InlineData(2L, 1L, 9L, 6L, 4L)] // two padded cells on one side, the other side's on the other axis
    [InlineData(2L, 0L, 0L, 2L, 2L)] // padding only
    public void Padding_WindowedFold_EqualsAutogradOfThePadding(long size, long top, long left, long rows, long columns)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        foreach ((PaddingMode latitude, PaddingMode longitude) in Modes)
        {
            // One selection at the window, and a batch of three: the same window, an interior one and one at the far corner.
            long paddedRows = 7 + (2 * size), paddedColumns = 9 + (2 * size);
            (long, long)[] corners =
                [(top, left), (Math.Min(size + 1, paddedRows - rows), Math.Min(size + 1, paddedColumns - columns)), (paddedRows - rows, paddedColumns - columns)];
            foreach (Windows windows in new[] { Windows.At(rows, columns, [(top, left)]), Windows.At(rows, columns, corners) })
            {
                using var pad = new GeoPad(size, latitude, longitude);
                var step = new PaddingStep(0, 1, pad.Size, pad.Latitude, pad.Longitude, pad.call);
                random.manual_seed(3);
                Tensor values = randn(windows.Count, 2, rows, columns, dtype: float64);

                Tensor input = zeros(windows.Count, 2, 7, 9, dtype: float64);
                WindowedRelevance folded = step.Backward([input], pad.call(input), new WindowedRelevance(values, windows))[0];

                for (int k = 0; k < windows.Count; k++)
                {
                    Tensor leaf = zeros(1, 2, 7, 9, dtype: float64).requires_grad_(true);
                    Tensor padded = pad.call(leaf);
                    Tensor start = zeros_like(padded);
                    start.narrow(2, windows[k].Top, rows).narrow(3, windows[k].Left, columns).copy_(values.narrow(0, k, 1));
                    Tensor expected = autograd.grad([padded], [leaf], [start])[0];
                    double difference = folded.Over(Windows.Whole(input, windows.Count)).narrow(0, k, 1).sub(expected).abs().max().item<double>();
                    Assert.True(difference <= 1e-12, $"{latitude}/{longitude} window {windows[k]} of {windows.Count}: {difference:E2}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ManySelections_InOneBatch_EqualEachAlone(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        // Each selection runs over its own windows in the batch (corners, the date line, neighbours, an empty one).
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, latitude, longitude);
        Tensor x = Networks.Input(float64, Height, Width);
        (int Row, int Column)[][] cells =
        [
            [(0, 0)], [(Height - 1, Width - 1)], [(11, Width - 1), (12, 0)], [(10, 20), (10, 21)], [], [(5, 30), (6, 31), (7, 33)],
        ];
        Tensor y = Networks.Predict(net, x);

        Tensor start = zeros(cells.Length, 1, Height, Width, dtype: float64);
        for (int k = 0; k < cells.Length; k++)
        {
            foreach ((int row, int column) in cells[k])
            {
                start[k, 0, row, column] = y[0, 0, row, column];
            }
        }

        foreach (Composite composite in new[] { CompositeCatalog.Default, CompositeCatalog.Resolve("zero"), NamedComposite.EpsilonGammaBox })
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, composite, bounds: null);
            Tensor together = explainer.Propagate(x, start);
            for (int k = 0; k < cells.Length; k++)
            {
                Tensor alone = explainer.Propagate(x, start.narrow(0, k, 1));
                double scale = alone.abs().max().item<double>();
                double difference = together.narrow(0, k, 1).sub(alone).abs().max().item<double>();
                Assert.True(difference <= 1e-12 * scale, $"{composite.Name} selection {k}: {difference:E2} (max |R| {scale:E2})");
                Assert.Equal(cells[k].Length == 0, scale == 0);
            }
        }
    }

    [Fact]
    public void SeparateInputs_WithAnEmptySelectionAndADateLineBatch_EqualEachAlone()
    {
        // Batch K forward values (three inputs): the date-line selection runs in a batch of its own, the empty one stays
        // zero, and every batch must read its own inputs' values.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float64, zeroBias: false, PaddingMode.Reflect, PaddingMode.Circular);
        Tensor x = Networks.Input(float64, Height, Width, batch: 4);
        using RelevanceGraph graph = RelevanceGraph.Build(net);
        graph.Apply(CompositeCatalog.Default, new InputBounds([-5.0], [5.0]));
        IReadOnlyList<Tensor> values = graph.Forward(x);
        Tensor start = zeros(4, 1, Height, Width, dtype: float64);
        start[0, 0, 10, 20] = tensor(1.0, float64);
        start[1, 0, 11, Width - 1] = tensor(1.0, float64);
        start[1, 0, 11, 0] = tensor(-0.5, float64);
        start[3, 0, 12, 30] = tensor(2.0, float64);

        List<int[]> batches = graph.Batches(values, Window.Supports(start));
        Assert.Equal([[1], [0, 3]], batches.Select(b => b.ToList()).ToList());

        Tensor together = graph.Backward(values, start);
        Assert.Equal(0.0, together[2].abs().max().item<double>());
        foreach (int k in new[] { 0, 1, 3 })
        {
            IReadOnlyList<Tensor> own = graph.Forward(x.narrow(0, k, 1));
            Tensor alone = graph.Backward(own, start.narrow(0, k, 1));
            double difference = together.narrow(0, k, 1).sub(alone).abs().max().item<double>();
            Assert.True(difference <= 1e-12 * alone.abs().max().item<double>(), $"selection {k}: {difference:E2}");
        }
    }

    [Fact]
    public void RelevanceOfAnotherType_IsTakenInTheValuesType()
    {
        // float64 starting relevance on a float32 network: converted once, for one batch or several.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float32, zeroBias: false, PaddingMode.Reflect, PaddingMode.Circular);
        Tensor x = Networks.Input(float32, Height, Width);
        using RelevanceGraph graph = RelevanceGraph.Build(net);
        graph.Apply(CompositeCatalog.Default, new InputBounds([-5.0], [5.0]));
        IReadOnlyList<Tensor> values = graph.Forward(x);
        Tensor start = zeros(3, 1, Height, Width, dtype: float64);
        start[0, 0, 10, 20] = tensor(1.0, float64);
        start[1, 0, 11, Width - 1] = tensor(1.0, float64);
        start[1, 0, 11, 0] = tensor(1.0, float64);

        Tensor together = graph.Backward(values, start), expected = graph.Backward(values, start.to(float32));

        Assert.Equal(float32, together.dtype);
        Assert.True(together.sub(expected).abs().max().item<float>() == 0f);
        Assert.True(together[0].abs().max().item<float>() > 0f && together[2].abs().max().item<float>() == 0f);
    }

    [Fact]
    public void Supports_AreTheBoundingBoxesOfEachSelectionsNonZeros()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        Tensor relevance = zeros(3, 2, 10, 12);
        Assert.All(Window.Supports(relevance), Assert.Null);
        relevance[0, 0, 2, 7] = tensor(-1f);
        relevance[0, 1, 6, 3] = tensor(0.5f);
        relevance[2, 1, 9, 11] = tensor(1e-30f);
        Assert.Equal([new Window(2, 3, 5, 5), null, new Window(9, 11, 1, 1)], Window.Supports(relevance));
    }
}
