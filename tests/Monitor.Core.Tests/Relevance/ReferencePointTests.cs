using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Relevance.Graph;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance;

/// <summary>
/// Reference-point LRP: the rules on the differences of every kept value between x and x_ref, biases dropped. Checked
/// by conservation of ŷ(x) − ŷ(x_ref) through networks *with* biases (which plain LRP cannot conserve), zero relevance
/// when x = x_ref, the exact contributions of a per-cell linear model, and — independently, by autograd — gradient ×
/// (x − x_ref) when x_ref is so close to x that no activation changes slope between them.
/// </summary>
public sealed class ReferencePointTests(ITestOutputHelper output)
{
    private static readonly GridSpec Grid = new(70, 5, 8, 0, 22.5, 16);

    [Theory]
    [InlineData("unet", "zero")]
    [InlineData("unet", "gamma")]
    [InlineData("resnet", "zero")]
    [InlineData("resnet", "gamma")]
    public void Relevance_ConservesTheDeviationFromTheReference_WithBiases(string architecture, string rule)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, Monitor.Core.Transfer.PaddingMode.Reflect, Monitor.Core.Transfer.PaddingMode.Circular);
        Tensor x = Networks.Input(float64, seed: 11), xRef = Networks.Input(float64, seed: 12);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve(rule), bounds: null);
        using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(xRef);
        RelevanceSelector[] selectors =
        [
            RelevanceSelector.Region(RegionMask.Box(Grid, 60, 50, 45, 90), "region", RegionMask.AreaWeights(Grid)),
            RelevanceSelector.Cell(RegionMask.Cell(Grid, 0, 15), "corner"),
            RelevanceSelector.Field(Grid.CellCount, "field"),
        ];
        Explanation e = explainer.Explain(pass, reference, selectors);
        double[] y = Networks.Predict(net, x).data<double>().ToArray(), yRef = Networks.Predict(net, xRef).data<double>().ToArray();
        for (int k = 0; k < selectors.Length; k++)
        {
            double expected = 0;
            float[] weights = selectors[k].OutputWeights(pass.Output).to(float32).data<float>().ToArray();
            for (int i = 0; i < y.Length; i++)
            {
                expected += weights[i] * (y[i] - yRef[i]);
            }

            double input = e.InputRelevance(k);
            double relative = Math.Abs(input - expected) / Math.Abs(expected);
            output.WriteLine($"{architecture} {rule} {selectors[k].Explained}: Σ s(ŷ − ŷ_ref) = {expected:G6}, Σ R_in = {input:G6}, relative {relative:E2}");
            Assert.True(Math.Abs(expected) > 1e-6, "the test needs a deviation to explain");
            Assert.Equal(expected, e.OutputRelevance[k], 1e-6 * Math.Abs(expected));
            // float32 maps (Explanation stores float32): about 1e-6 of the largest value per cell.
            Assert.True(relative <= 1e-4, $"{selectors[k].Explained}: {relative:E2}");
        }
    }

    [Fact]
    public void Relevance_IsZero_WhenTheInputIsItsReference()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.UNet(float64, zeroBias: false);
        Tensor x = Networks.Input(float64);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, NamedComposite.LayerDepthSigned, bounds: null);
        using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(x.clone());
        Explanation e = explainer.Explain(pass, reference, [RelevanceSelector.Field(Grid.CellCount, "field")]);
        Assert.All(e.Relevance, r => Assert.Equal(0f, r));
        Assert.Equal(0, e.OutputRelevance[0]);
    }

    [Fact]
    public void PerCellLinearModel_GetsItsExactContributions()
    {
        // ŷ = Σ_c w_c x_c + b per cell: the contribution of input c at cell i to ŷ_i − ŷ_ref,i is w_c,i (x_c,i − x_ref,c,i).
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Linear(float64, zeroBias: false);
        Tensor x = Networks.Input(float64, seed: 21), xRef = Networks.Input(float64, seed: 22);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, NamedComposite.LayerDepthSigned, bounds: null);
        using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(xRef);
        Explanation e = explainer.Explain(pass, reference, [RelevanceSelector.Field(Grid.CellCount, "field")]);
        Tensor weight = ((Monitor.Core.Transfer.Modules.PerCellLinear)net).Weight.detach();
        double[] expected = x.add(xRef.neg(), KeptScalars.One).mul(weight).data<double>().ToArray();
        double worst = expected.Zip(e.Relevance, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"max |R − w(x − x_ref)| = {worst:E2}");
        Assert.True(worst <= 1e-6, $"{worst:E2}");
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("resnet")]
    public void LrpZero_EqualsGradientTimesDifference_ForANearbyReference(string architecture)
    {
        // With x_ref = x − δ and δ small enough that no pre-activation changes sign between them, every LeakyReLU has
        // the same slope at both points, the network is affine between them, and the rescale rule's secant slopes equal
        // the gradient's: R = ∇F(x) ⊙ (x − x_ref), computed here by autograd, independently of the relevance graph.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, Monitor.Core.Transfer.PaddingMode.Reflect, Monitor.Core.Transfer.PaddingMode.Circular);
        Tensor x = Networks.Input(float64, seed: 31);
        // δ ~ 1e-6: small enough that no pre-activation changes sign (a change would show as an O(1) error at its cells).
        Tensor delta = Networks.Input(float64, seed: 32).mul(tensor(1e-6, float64));
        Tensor xRef = x.add(delta.neg(), KeptScalars.One);
        bool[] mask = RegionMask.Box(Grid, 60, 40, 300, 30);
        var selector = RelevanceSelector.Region(mask, "across Greenwich");
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(xRef);
        Explanation e = explainer.Explain(pass, reference, [selector]);
        Tensor s = selector.OutputWeights(pass.Output);
        double[] expected = new GradientAttribution().Attribute(net, x, s).mul(delta).data<double>().ToArray();
        double scale = expected.Max(Math.Abs);
        double worst = expected.Zip(e.Relevance, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{architecture}: max |R − ∇F ⊙ δ| = {worst:E2}, max |∇F ⊙ δ| = {scale:E2}");
        Assert.True(scale > 0);
        // The maps are stored in float32 (about 1e-7 relative); a wrong rule, split or window is off by O(1).
        Assert.True(worst <= 1e-5 * scale, $"{worst:E2} of {scale:E2}");
    }

    [Fact]
    public void ZBox_IsRefused_RelativeToAReference()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.UNet(float64, zeroBias: false);
        Tensor x = Networks.Input(float64);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, NamedComposite.EpsilonGammaBox, bounds: null);
        using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(zeros_like(x));
        ArgumentException error = Assert.Throws<ArgumentException>(() => explainer.Explain(pass, reference, [RelevanceSelector.Field(Grid.CellCount, "field")]));
        Assert.Contains("z^B", error.Message, StringComparison.Ordinal);
    }
}
