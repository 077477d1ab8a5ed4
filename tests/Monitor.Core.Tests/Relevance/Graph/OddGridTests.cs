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
/// Grids whose sides are not multiples of 2^depth: the U-Net pads them to the next multiples with its geographic
/// padding and crops its output back, and the relevance graph follows with a padding step of unequal margins (whose
/// adjoint folds padded cells onto their sources) and a crop step (whose adjoint embeds relevance with zeros).
/// </summary>
public sealed class OddGridTests(ITestOutputHelper output)
{
    /// <summary>Architecture, U-Net depth, padding modes and grid: issue 16's 33 × 36, and 161 × 353 (0.25° over 40° × 88°).</summary>
    public static TheoryData<string, int, PaddingMode, PaddingMode, int, int> Grids() => new()
    {
        { "unet", 3, PaddingMode.Reflect, PaddingMode.Circular, 33, 36 },
        { "unet", 3, PaddingMode.Replicate, PaddingMode.Replicate, 33, 36 },
        { "unet", 2, PaddingMode.Replicate, PaddingMode.Replicate, 161, 353 },
        { "unet", 2, PaddingMode.Reflect, PaddingMode.Circular, 161, 353 },
        { "resnet", 0, PaddingMode.Reflect, PaddingMode.Circular, 33, 37 },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void Forward_EqualsTheNetwork(string architecture, int depth, PaddingMode latitude, PaddingMode longitude, int rows, int columns)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Create(architecture, depth, float32, zeroBias: false, latitude, longitude);
        Tensor x = Networks.Input(float32, rows, columns, batch: 2);
        using RelevanceGraph graph = RelevanceGraph.Build(net);
        Tensor expected = Networks.Predict(net, x), actual;
        using (no_grad())
        {
            actual = graph.Forward(x)[^1];
        }

        double relative = actual.sub(expected).abs().max().item<float>() / expected.abs().max().item<float>();
        output.WriteLine($"{architecture} {rows}×{columns}: max |graph − network| / max |network| = {relative:E2}");
        Assert.Equal([2L, 1, rows, columns], actual.shape);
        Assert.True(relative <= 1e-5, $"relative difference {relative:E2}");
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void ZeroBias_LrpZeroAndSmallEpsilon_ConserveRelevanceAcrossThePadding(string architecture, int depth, PaddingMode latitude, PaddingMode longitude, int rows, int columns)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Create(architecture, depth, float64, zeroBias: true, latitude, longitude);
        Tensor x = Networks.Input(float64, rows, columns);
        Tensor y = Networks.Predict(net, x);
        foreach (string rule in new[] { "zero", "epsilon:1e-9" })
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve(rule), bounds: null);
            Tensor relevance = explainer.Propagate(x, y);
            double inSum = relevance.sum().item<double>(), outSum = y.sum().item<double>();
            double error = Math.Abs(inSum - outSum) / Math.Abs(outSum);
            output.WriteLine($"{architecture} {rows}×{columns} {rule}: ΣR_out = {outSum:F6}, ΣR_in = {inSum:F6}, relative error {error:E2}");
            Assert.Equal([1L, Networks.Channels, rows, columns], relevance.shape);
            Assert.True(error <= 1e-4, $"{rule}: |ΣR_in − ΣR_out| / |ΣR_out| = {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void ZeroBias_LrpZero_EqualsGradientTimesInput(string architecture, int depth, PaddingMode latitude, PaddingMode longitude, int rows, int columns)
    {
        // Autograd differentiates through F.pad and the crop: equality means every padded cell's relevance went back
        // to the cell the padding copied, and none reached the cut-off cells.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Create(architecture, depth, float64, zeroBias: true, latitude, longitude);
        Tensor x = Networks.Input(float64, rows, columns);
        Tensor selector = zeros(1, 1, rows, columns, dtype: float64);
        selector[.., .., (rows - 4)..rows, (columns - 5)..columns] = ones(1, 1, 4, 5, dtype: float64);
        selector[.., .., 0..2, 0..3] = ones(1, 1, 2, 3, dtype: float64);

        Tensor leaf = x.detach().requires_grad_(true);
        Tensor gradientTimesInput = autograd.grad([net.call(leaf).mul(selector).sum()], [leaf])[0].mul(x);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        Tensor relevance = explainer.Propagate(x, Networks.Predict(net, x).mul(selector));

        double difference = relevance.sub(gradientTimesInput).abs().max().item<double>();
        double scale = gradientTimesInput.abs().max().item<double>();
        output.WriteLine($"{architecture} {rows}×{columns}: max |LRP-0 − gradient × input| = {difference:E2} (max |g × x| = {scale:E2})");
        Assert.True(difference <= 1e-6 * scale, $"difference {difference:E2}");
    }

    [Theory]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Replicate)]
    public void WindowedPass_EqualsTheWholeGridPass(PaddingMode latitude, PaddingMode longitude)
    {
        // As WindowedBackwardTests, on 33 × 37 with a U-Net of depth 3 (padded to 40 × 40: 3 rows above, 4 below, 1 column
        // left, 2 right): cells at every corner, where the padding's margins differ, and at the date line.
        const int rows = 33, columns = 37;
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Create("unet", 3, float64, zeroBias: false, latitude, longitude);
        Tensor x = Networks.Input(float64, rows, columns);
        Tensor y = Networks.Predict(net, x);
        (string Name, (int Row, int Column)[] Cells)[] selections =
        [
            ("top-left corner", [(0, 0)]),
            ("bottom-right corner", [(rows - 1, columns - 1)]),
            ("bottom edge", [(rows - 2, 17), (rows - 1, 18)]),
            ("date line", [(16, columns - 1), (16, 0)]),
            ("middle", [(15, 20)]),
        ];
        Tensor everywhere = y.mul(tensor(1e-3, float64));
        foreach (Composite composite in new[] { CompositeCatalog.Default, CompositeCatalog.Resolve("zero"), NamedComposite.EpsilonGammaBox })
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
                output.WriteLine($"{latitude}/{longitude} {composite.Name} {name}: max |windowed − whole| = {difference:E2} (max |R| = {scale:E2})");
                Assert.True(scale > 0, $"{composite.Name} {name}: no relevance at all");
                Assert.True(difference <= 1e-9 * scale, $"{composite.Name} {name}: max |windowed − whole| = {difference:E2}, max |R| = {scale:E2}");
            }
        }
    }

    [Theory]
    [InlineData(PaddingMode.Reflect, 2L)]     // padded row 5 + 1 + 1 copies row 5 − 2 − 1
    [InlineData(PaddingMode.Replicate, 4L)]   // the last row
    [InlineData(PaddingMode.Circular, 1L)]    // the second row, from the far end
    public void UnequalMargins_ACellInTheWiderMargin_FoldsOntoTheCellItCopies(PaddingMode mode, long source)
    {
        // A 5 × 7 grid padded by 1 row above and 2 below, 0 columns left and 1 right: relevance on the second padded row
        // below the grid (row 7 of 8) lands on the row the padding copied into it, nowhere else.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        var margins = new GridMargins(1, 2, 0, 1);
        var step = new PaddingStep(0, 1, (_, _) => margins, mode, mode, x => GeoPad.Pad(x, margins, mode, mode));
        Tensor input = zeros(1, 1, 5, 7, dtype: float64);
        Tensor padded = step.Forward([input]);
        Tensor relevance = zeros_like(padded);
        relevance[0, 0, 7, 3] = tensor(1.0, float64);

        Tensor folded = step.Backward([input], padded, new WindowedRelevance(relevance, Windows.Whole(padded, 1)))[0].Values;

        Assert.Equal([1L, 1, 8, 8], padded.shape);
        Assert.Equal(1.0, folded[0, 0, source, 3].item<double>());
        Assert.Equal(1.0, folded.sum().item<double>());
    }

    [Theory]
    [InlineData(0L, 0L, 3L, 4L)]   // the top and left margins
    [InlineData(2L, 2L, 2L, 3L)]   // the interior only
    [InlineData(5L, 5L, 3L, 3L)]   // the wider bottom and right margins
    [InlineData(0L, 0L, 8L, 11L)]  // the whole padded grid
    public void UnequalMargins_WindowedFold_EqualsAutogradOfThePadding(long top, long left, long rows, long columns)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        var margins = new GridMargins(1, 2, 1, 3);   // 5 × 7 → 8 × 11
        foreach ((PaddingMode latitude, PaddingMode longitude) in new[]
                 { (PaddingMode.Reflect, PaddingMode.Circular), (PaddingMode.Replicate, PaddingMode.Replicate), (PaddingMode.Circular, PaddingMode.Reflect) })
        {
            Tensor Pad(Tensor x) => GeoPad.Pad(x, margins, latitude, longitude);
            var step = new PaddingStep(0, 1, (_, _) => margins, latitude, longitude, Pad);
            (long, long)[] corners = [(top, left), (8 - rows, 11 - columns), (Math.Min(2, 8 - rows), 0)];
            Windows windows = Windows.At(rows, columns, corners);
            random.manual_seed(9);
            Tensor values = randn(windows.Count, 2, rows, columns, dtype: float64);
            Tensor input = zeros(windows.Count, 2, 5, 7, dtype: float64);

            WindowedRelevance folded = step.Backward([input], Pad(input), new WindowedRelevance(values, windows))[0];

            for (int k = 0; k < windows.Count; k++)
            {
                Tensor leaf = zeros(1, 2, 5, 7, dtype: float64).requires_grad_(true);
                Tensor padded = Pad(leaf);
                Tensor start = zeros_like(padded);
                start.narrow(2, windows[k].Top, rows).narrow(3, windows[k].Left, columns).copy_(values.narrow(0, k, 1));
                Tensor expected = autograd.grad([padded], [leaf], [start])[0];
                double difference = folded.Over(Windows.Whole(input, windows.Count)).narrow(0, k, 1).sub(expected).abs().max().item<double>();
                Assert.True(difference <= 1e-12, $"{latitude}/{longitude} window {windows[k]}: {difference:E2}");
            }
        }
    }

    [Fact]
    public void Crop_WindowedAdjoint_EmbedsRelevanceWithZeros()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        var margins = new GridMargins(1, 2, 0, 1);
        var step = new CropStep(0, 1, 2, (_, _) => margins);
        Tensor grid = zeros(2, 1, 5, 7, dtype: float64);
        random.manual_seed(8);
        Tensor padded = randn(2, 1, 8, 8, dtype: float64);
        Tensor cropped = step.Forward([padded, grid]);
        Windows windows = Windows.At(2, 3, [(0, 0), (3, 4)]);
        Tensor values = randn(2, 1, 2, 3, dtype: float64);

        Tensor embedded = step.Backward([padded, grid], cropped, new WindowedRelevance(values, windows)).Single().Over(Windows.Whole(padded, 2));

        Assert.True(cropped.eq(padded.narrow(2, 1, 5).narrow(3, 0, 7)).all().item<bool>());
        for (int k = 0; k < 2; k++)
        {
            Tensor leaf = padded.narrow(0, k, 1).detach().requires_grad_(true);
            Tensor start = zeros(1, 1, 5, 7, dtype: float64);
            start.narrow(2, windows[k].Top, 2).narrow(3, windows[k].Left, 3).copy_(values.narrow(0, k, 1));
            Tensor expected = autograd.grad([margins.Crop(leaf)], [leaf], [start])[0];
            Assert.True(embedded.narrow(0, k, 1).eq(expected).all().item<bool>(), $"selection {k}");
        }
    }

    private static nn.Module<Tensor, Tensor> Create(string architecture, int depth, ScalarType dtype, bool zeroBias, PaddingMode latitude, PaddingMode longitude)
        => architecture == "unet"
            ? Networks.UNet(dtype, zeroBias, latitude, longitude, depth: depth)
            : Networks.ResNet(dtype, zeroBias, latitude, longitude);
}
