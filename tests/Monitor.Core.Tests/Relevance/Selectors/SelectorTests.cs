using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Relevance.Graph;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Selectors;

/// <summary>
/// Selectors: linearity (R(A ∪ B) = R(A) + R(B) for disjoint regions), batched equals one-at-a-time, the error
/// selector's sign convention on a hand-built linear case, the normalised region's starting relevance, and masks.
/// </summary>
public sealed class SelectorTests(ITestOutputHelper output)
{
    private static readonly GridSpec Grid = new(70, 5, 8, 0, 22.5, 16);

    [Theory]
    [InlineData("epsilon-gamma-box")]
    [InlineData("epsilon-plus-flat")]
    [InlineData("epsilon-alpha2-beta1-flat")]
    [InlineData("layer-depth")]
    public void Relevance_IsLinearInTheSelection(string composite)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.UNet(float64, zeroBias: false);
        Tensor x = Networks.Input(float64);
        bool[] a = RegionMask.Box(Grid, 60, 50, 45, 90);
        bool[] b = RegionMask.Box(Grid, 40, 35, 180, 270);
        bool[] union = a.Zip(b, (p, q) => p || q).ToArray();
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve(composite), bounds: null);
        Explanation e = explainer.Explain(x, [RelevanceSelector.Region(a, "A"), RelevanceSelector.Region(b, "B"), RelevanceSelector.Region(union, "A ∪ B")]);

        double worst = 0, scale = 0;
        for (int c = 0; c < e.Channels; c++)
        {
            ReadOnlySpan<float> ra = e.Map(0, c), rb = e.Map(1, c), ru = e.Map(2, c);
            for (int i = 0; i < e.Cells; i++)
            {
                worst = Math.Max(worst, Math.Abs(ru[i] - (ra[i] + rb[i])));
                scale = Math.Max(scale, Math.Abs(ru[i]));
            }
        }

        output.WriteLine($"{composite}: max |R(A∪B) − R(A) − R(B)| = {worst:E2}, max |R(A∪B)| = {scale:E2}");
        Assert.True(scale > 0);
        Assert.True(worst <= 1e-5 * scale, $"{worst:E2}");
    }

    [Fact]
    public void Batched_EqualsOneSelectionAtATime()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        // float64: in float32 the γ rule's denominators near 0 amplify the rounding differences between batch sizes
        // (observed up to 1.4e-3 relative), which would hide a batching error.
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float64, zeroBias: false);
        Tensor x = Networks.Input(float64);
        RelevanceSelector[] selectors =
        [
            RelevanceSelector.Cell(RegionMask.Cell(Grid, 3, 5), "cell"),
            RelevanceSelector.Region(RegionMask.Box(Grid, 60, 40, 300, 30), "across Greenwich"),
            RelevanceSelector.NormalisedRegion(RegionMask.Box(Grid, 60, 40, 300, 30), "normalised"),
            RelevanceSelector.Field(Grid.CellCount, "field"),
        ];
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, NamedComposite.EpsilonGammaBox, bounds: null);
        Explanation batched = explainer.Explain(x, selectors);
        for (int k = 0; k < selectors.Length; k++)
        {
            Explanation single = explainer.Explain(x, [selectors[k]]);
            double worst = 0, scale = 0;
            for (int c = 0; c < single.Channels; c++)
            {
                ReadOnlySpan<float> one = single.Map(0, c), many = batched.Map(k, c);
                for (int i = 0; i < one.Length; i++)
                {
                    worst = Math.Max(worst, Math.Abs(one[i] - many[i]));
                    scale = Math.Max(scale, Math.Abs(one[i]));
                }
            }

            output.WriteLine($"{selectors[k].Explained}: max |batched − single| = {worst:E2} (max |R| {scale:E2})");
            Assert.True(worst <= 1e-9 * scale + 1e-15, selectors[k].Explained);
        }
    }

    [Fact]
    public void ErrorSelector_PositiveWhereInputsPushThePredictionAwayFromTheReference()
    {
        // y = 2·x at every cell (one input, no bias), so LRP gives the input exactly the output relevance. At cell 0 the
        // prediction 2 exceeds the reference 1: the input pushes it away from y → +2. At cell 1 the prediction 2 lies
        // below the reference 3: the same input (positive contribution) pushes it towards y → −2. At cell 2 the
        // prediction −4 lies below the reference 0: the input pushes it further down, away from y → +4.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        var net = new Monitor.Core.Transfer.Modules.PerCellLinear(1, 1, 3);
        using (no_grad())
        {
            net.Weight.fill_(2.0f);
        }

        net.eval();
        Tensor x = tensor(new float[] { 1, 1, -2 }, [1, 1, 1, 3]);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        Explanation e = explainer.Explain(x, [RelevanceSelector.Error([true, true, true], [1f, 3f, 0f], "deviation", "reference")]);
        float[] map = e.Map(0, 0).ToArray();
        output.WriteLine($"prediction {string.Join(", ", e.Output)}; relevance {string.Join(", ", map)}");
        Assert.Equal([2f, -2f, 4f], map);
        Assert.Equal("0 (the prediction itself), signed away from reference", e.Selectors[0].RelativeTo);
    }

    [Fact]
    public void ErrorSelector_RelativeToAReference_AttributesTheDeviationFromTheReferencePrediction()
    {
        // Cell 0: ŷ = 2 > y = 1, ŷ_ref = 0.5 → s = +1, start +1.5 (the departure from the reference raised ŷ, away from y).
        // Cell 1: ŷ = 2 < y = 3, ŷ_ref = 3 → s = −1, start (−1)(2 − 3) = +1 (it lowered ŷ, again away from y).
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        Tensor y = tensor(new double[] { 2, 2 }, [1, 1, 1, 2]), yRef = tensor(new double[] { 0.5, 3 }, [1, 1, 1, 2]);
        var selector = RelevanceSelector.Error([true, true], [1f, 3f], "deviation", "the forecast");
        double[] start = selector.InitialRelevance(y, yRef).data<double>().ToArray();
        Assert.Equal([1.5, 1.0], start, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void AreaWeightedRegion_ExplainsTheAreaMean_AndPolarCellsCountForTheirArea()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        // Rows at 60°N and 0°: a cell at 60°N covers half the area of an equatorial one (cos 60° = 0.5).
        var grid = new GridSpec(60, 60, 2, 0, 90, 1);
        float[] areas = RegionMask.AreaWeights(grid);
        Assert.Equal(0.5, areas[0] / areas[1], 3);
        Tensor y = tensor(new double[] { 4, 1 }, [1, 1, 2, 1]);
        double[] weighted = RelevanceSelector.Region([true, true], "both", areas).InitialRelevance(y).data<double>().ToArray();
        // Area mean (0.5·4 + 1·1) / 1.5 = 2, split 4/3 + 2/3.
        Assert.Equal(2.0, weighted.Sum(), 4);
        Assert.Equal([4.0 / 3, 2.0 / 3], weighted, new ToleranceComparer(1e-4));
        double[] plain = RelevanceSelector.Region([true, true], "both").InitialRelevance(y).data<double>().ToArray();
        Assert.Equal([4, 1], plain, new ToleranceComparer(1e-15));

        // A row centred on the pole has a positive area (its band reaches 89.5°…90°), not cos 90° = 0.
        var polar = new GridSpec(90, 1, 3, 0, 120, 3);
        Assert.All(RegionMask.AreaWeights(polar), a => Assert.True(a > 0));
    }

    [Fact]
    public void NormalisedRegion_ScalesTheDeviationToUnitMass()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        Tensor y = tensor(new double[] { 5, -0.1, 3, 7 }, [1, 1, 2, 2]);
        var selector = RelevanceSelector.NormalisedRegion([true, true, true, false], "three cells");
        double[] start = selector.InitialRelevance(y).data<double>().ToArray();
        Assert.Equal([5 / 8.1, -0.1 / 8.1, 3 / 8.1, 0], start, new ToleranceComparer(1e-15));
        Assert.Equal(1.0, start.Sum(Math.Abs), 12);

        // Relative to a reference prediction: the deviations 1, −1.1, 0 (cell 2 equals its reference and starts with 0).
        Tensor yRef = tensor(new double[] { 4, 1, 3, 0 }, [1, 1, 2, 2]);
        double[] relative = selector.InitialRelevance(y, yRef).data<double>().ToArray();
        Assert.Equal([1 / 2.1, -1.1 / 2.1, 0, 0], relative, new ToleranceComparer(1e-15));
        Assert.All(selector.InitialRelevance(y, y).data<double>().ToArray(), r => Assert.Equal(0, r));
        double[] region = RelevanceSelector.Region([true, true, true, false], "r").InitialRelevance(y).data<double>().ToArray();
        Assert.Equal([5, -0.1, 3, 0], region, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Masks_WrapLongitudeAndFindCells()
    {
        bool[] wrap = RegionMask.Box(Grid, 50, 60, 330, 30);
        int[] columns = Enumerable.Range(0, 16).Where(c => wrap[(2 * 16) + c]).ToArray();
        Assert.Equal([0, 1, 15], columns);
        Assert.Equal((2, 15), RegionMask.NearestCell(Grid, 59, -20));
        Assert.Equal((0, 0), RegionMask.NearestCell(Grid, 70, 359));

        // A regional grid (10°W … 9°E): a point 0.4° west of its first column is in the first column, not 359.6° east.
        var regional = new GridSpec(60, 1, 10, -10, 1, 20);
        Assert.Equal((5, 0), RegionMask.NearestCell(regional, 55, -10.4));
        Assert.Equal((5, 19), RegionMask.NearestCell(regional, 55, 9.4));
        Assert.Throws<ArgumentException>(() => RegionMask.NearestCell(regional, 55, 30));
        Assert.Throws<ArgumentException>(() => RegionMask.NearestCell(regional, 55, -30));
        ArgumentException e = Assert.Throws<ArgumentException>(() => RegionMask.Box(Grid, 80, 85, 0, 10));
        Assert.Contains("80,85,0,10", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RelevanceSelector.Cell(wrap, "not one cell"));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
