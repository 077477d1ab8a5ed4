using Monitor.Core.Grids;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Baselines;

/// <summary>
/// Integrated gradients and gradients on a window of the selection's receptive field must be the whole grid's
/// (float64, randomly initialised networks; the cells outside the window exactly zero there), and the receptive field
/// must bound and nearly match where a single output cell's gradient is non-zero.
/// </summary>
public sealed class AttributionWindowTests(ITestOutputHelper output)
{
    private const int Height = 48, Width = 96;

    public static TheoryData<Architecture, int, PaddingMode, PaddingMode> Networks() => new()
    {
        { Architecture.UNet, UNet.OriginalVersion, PaddingMode.Reflect, PaddingMode.Circular },
        { Architecture.UNet, UNet.PhaseSymmetricVersion, PaddingMode.Reflect, PaddingMode.Circular },
        { Architecture.UNet, UNet.OriginalVersion, PaddingMode.Replicate, PaddingMode.Replicate },
        { Architecture.UNet, UNet.PhaseSymmetricVersion, PaddingMode.Replicate, PaddingMode.Replicate },
        { Architecture.ResNet, UNet.OriginalVersion, PaddingMode.Reflect, PaddingMode.Circular },
        { Architecture.ResNet, UNet.OriginalVersion, PaddingMode.Replicate, PaddingMode.Replicate },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void WindowedIntegratedGradients_EqualTheWholeGrid(Architecture architecture, int layout, PaddingMode latitude, PaddingMode longitude)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ModelSpec spec = Spec(architecture, layout, latitude, longitude);
        using TransferModel model = TransferModel.Create(spec, seed: 5);
        nn.Module<Tensor, Tensor> network = InFloat64(model);
        var generator = new Generator(11);
        Tensor x = randn([1, 3, Height, Width], float64, generator: generator);
        Tensor baseline = x.mul(0.4).add(randn([1, 3, Height, Width], float64, generator: generator).mul(0.2));
        Tensor y;
        using (no_grad())
        {
            y = network.call(x);
        }

        (string Name, (int Row, int Column)[] Cells, bool Smaller)[] selections =
        [
            ("corner", [(0, 0)], true),
            ("across the seam", [(20, Width - 1), (21, 0), (22, 1)], longitude == PaddingMode.Circular),
            ("bottom edge", [(Height - 1, 40), (Height - 1, 41)], true),
            ("middle block", [(22, 45), (22, 46), (23, 45), (23, 46), (24, 47)], true),
            ("two far cells", [(5, 10), (40, 70)], false),
        ];
        var integrated = new IntegratedGradientsAttribution(8);
        foreach ((string name, (int Row, int Column)[] cells, bool smaller) in selections)
        {
            Tensor selector = zeros_like(y);
            foreach ((int row, int column) in cells)
            {
                selector[0, 0, row, column] = 1.0 + (0.25 * row / Height);
            }

            AttributionWindow? window = AttributionWindow.For(spec, selector);
            Tensor whole = integrated.Attribute(network, x, selector, baseline);
            Tensor windowed = window is null ? whole : window.Embed(integrated.Attribute(network, window.Crop(x), window.Crop(selector), window.Crop(baseline)));
            Tensor gradient = new GradientAttribution().Attribute(network, x, selector);
            Tensor windowedGradient = window is null ? gradient : window.Embed(new GradientAttribution().Attribute(network, window.Crop(x), window.Crop(selector)));
            window?.Verify(network, x, y, selector);
            double scale = whole.abs().max().item<double>();
            double difference = windowed.sub(whole).abs().max().item<double>();
            double gradientDifference = windowedGradient.sub(gradient).abs().max().item<double>() / gradient.abs().max().item<double>();
            output.WriteLine($"{architecture} {layout} {latitude}/{longitude} {name}: window {window?.ToString() ?? "whole grid"}; max |windowed − whole| {difference:E2} of {scale:E2}; gradient {gradientDifference:E2}");
            Assert.True(scale > 0, $"{name}: no attribution at all");
            Assert.True(difference <= 1e-10 * scale, $"{name}: integrated gradients differ by {difference:E2} (max {scale:E2}) on {window}");
            Assert.True(gradientDifference <= 1e-10, $"{name}: gradients differ by {gradientDifference:E2} (relative) on {window}");
            if (smaller)
            {
                Assert.True(window is not null && window.Fraction < 0.75, $"{name}: the window should be well inside the grid; it is {window?.ToString() ?? "the whole grid"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ReceptiveField_BoundsAndNearlyMatchesTheGradientOfOneCell(Architecture architecture, int layout, PaddingMode latitude, PaddingMode longitude)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ModelSpec spec = Spec(architecture, layout, latitude, longitude);
        using TransferModel model = TransferModel.Create(spec, seed: 7);
        nn.Module<Tensor, Tensor> network = InFloat64(model);
        Tensor x = randn([1, 3, Height, Width], float64, generator: new Generator(13));
        long alignment = ReceptiveField.Alignment(spec);
        // One output cell at every phase of the coarsest grid, away from the edges.
        for (int phase = 0; phase < alignment; phase++)
        {
            int row = 20 + phase, column = 44 + phase;
            Tensor selector = zeros([1, 1, Height, Width], float64);
            selector[0, 0, row, column] = 1.0;
            Tensor gradient = new GradientAttribution().Attribute(network, x, selector).abs().sum([0, 1]);
            bool[] rows = gradient.sum(1L).gt(0).cpu().data<bool>().ToArray();
            bool[] columns = gradient.sum(0L).gt(0).cpu().data<bool>().ToArray();
            (long rowFirst, long rowLast) = ReceptiveField.Inputs(spec, row, row);
            (long columnFirst, long columnLast) = ReceptiveField.Inputs(spec, column, column);
            long seenFirst = Array.IndexOf(rows, true), seenLast = Array.LastIndexOf(rows, true);
            long seenLeft = Array.IndexOf(columns, true), seenRight = Array.LastIndexOf(columns, true);
            output.WriteLine($"{architecture} {layout} phase {phase}: rows {seenFirst}…{seenLast} within {rowFirst}…{rowLast}; columns {seenLeft}…{seenRight} within {columnFirst}…{columnLast}");
            Assert.InRange(rowFirst, 0, Height - 1);
            Assert.InRange(rowLast, 0, Height - 1);
            Assert.True(seenFirst >= rowFirst && seenLast <= rowLast, $"phase {phase}: gradient rows {seenFirst}…{seenLast} outside {rowFirst}…{rowLast}");
            Assert.True(seenLeft >= columnFirst && seenRight <= columnLast, $"phase {phase}: gradient columns {seenLeft}…{seenRight} outside {columnFirst}…{columnLast}");
            // Tight: the computed field is the index maps'; random weights leave at most a cell or two of it unused.
            Assert.True(seenFirst - rowFirst <= 2 && rowLast - seenLast <= 2, $"phase {phase}: rows {rowFirst}…{rowLast} much wider than the gradient's {seenFirst}…{seenLast}");
        }
    }

    [Fact]
    public void Verify_RefusesAWindowWhoseOutputsDifferFromTheWholeGrid()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ModelSpec spec = Spec(Architecture.ResNet, UNet.OriginalVersion, PaddingMode.Reflect, PaddingMode.Circular);
        using TransferModel model = TransferModel.Create(spec, seed: 5);
        var network = model.Network;
        network.eval();
        Tensor x = randn([1, 3, Height, Width]);
        Tensor y;
        using (no_grad())
        {
            y = network.call(x);
        }

        Tensor selector = zeros_like(y);
        selector[0, 0, 24, 48] = 1.0f;
        AttributionWindow window = AttributionWindow.For(spec, selector) ?? throw new InvalidOperationException("no window");
        window.Verify(network, x, y, selector);
        Tensor wrong = y.clone();
        wrong[0, 0, 24, 48] = y[0, 0, 24, 48].add(0.01);
        var error = Assert.Throws<InvalidOperationException>(() => window.Verify(network, x, wrong, selector));
        Assert.Contains("does not reproduce the network's output", error.Message);
    }

    [Fact]
    public void NoWindow_WhenTheReceptiveFieldCoversTheGrid()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ModelSpec spec = Spec(Architecture.UNet, UNet.OriginalVersion, PaddingMode.Reflect, PaddingMode.Circular) with { Depth = 3, Grid = new GridSpec(87.1875, 5.625, 32, 0, 5.625, 64) };
        Tensor selector = zeros([1, 1, 32, 64]);
        selector[0, 0, 10, 20] = 1.0f;
        Assert.Null(AttributionWindow.For(spec, selector));
        Assert.Null(AttributionWindow.For(spec, zeros([1, 1, 32, 64])));
    }

    /// <summary>The model's network in float64 and evaluation mode.</summary>
    private static nn.Module<Tensor, Tensor> InFloat64(TransferModel model)
    {
        nn.Module<Tensor, Tensor> network = model.Network;
        network.to(float64);
        network.eval();
        return network;
    }

    private static ModelSpec Spec(Architecture architecture, int layout, PaddingMode latitude, PaddingMode longitude) => new()
    {
        Name = "window",
        Target = "t2m",
        Inputs = ["msl", "orography", "lsm"],
        Architecture = architecture,
        ArchitectureVersion = layout,
        Width = 4,
        Depth = 2,
        Blocks = 3,
        Grid = new GridSpec(70.5, 1.5, Height, -72, 1.5, Width),
        LatitudePadding = latitude,
        LongitudePadding = longitude,
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([280.0], [10.0]),
            ["msl"] = new([101000.0], [1000.0]),
            ["orography"] = new([500.0], [700.0]),
            ["lsm"] = new([0.5], [0.5]),
        },
    };
}
