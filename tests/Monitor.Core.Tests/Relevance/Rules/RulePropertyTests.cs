using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>Properties the rules' papers state: conservation, positivity, special cases, input independence.</summary>
public sealed class RulePropertyTests
{
    public static TheoryData<string> Layers() => [.. LayerCase.Names];

    [Theory]
    [MemberData(nameof(Layers))]
    public void ZeroAndSmallEpsilon_ConserveRelevance_WithoutBias(string layer)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: false);
        Tensor relevanceOut = c.Layer.Apply(c.Input, c.Layer.Weight, null).abs();

        foreach (LrpRule rule in new LrpRule[] { new ZeroRule(), new EpsilonRule(1e-9) })
        {
            AssertConserved(rule.Propagate(c.Layer, c.Input, relevanceOut), relevanceOut, rule.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Box_ConservesRelevance_WithoutBias(string layer)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: false);
        Tensor input = c.Input.clamp(-2.5, 2.5);
        Tensor relevanceOut = rand(c.Layer.Apply(input, c.Layer.Weight, null).shape);

        Tensor relevance = new BoxRule([-3], [3]).Propagate(c.Layer, input, relevanceOut);

        AssertConserved(relevance, relevanceOut, "zbox");
    }

    [Fact]
    public void Zero_WithAnOutputOfExactlyZero_GivesNoNaN()
    {
        // z = 0.3 − 0.3 = 0 exactly: without care LRP-0 computes 0/0 (found by the fidelity benchmark on a trained U-Net).
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        var layer = new LinearLayer(LinearLayerKind.Linear, tensor(new float[] { 1, -1 }, [1, 2]), null);
        Tensor a = tensor(new float[] { 0.3f, 0.3f }, [1, 2]);
        float[] none = new ZeroRule().Propagate(layer, a, zeros(1, 1)).data<float>().ToArray();
        Assert.Equal([0f, 0f], none);
        float[] some = new ZeroRule().Propagate(layer, a, ones(1, 1)).data<float>().ToArray();
        Assert.All(some, r => Assert.True(float.IsFinite(r), $"{r}"));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Box_StaysWithinItsBoundsContributions(string layer)
    {
        // For l ≤ x ≤ h each term x w − l w⁺ − h w⁻ = (x − l) w⁺ + (x − h) w⁻ is ≥ 0 and at most (h − l)|w|: with
        // non-negative upper relevance and no bias, every input's relevance is ≥ 0, and an input sitting on the bound
        // its weights point away from (x = l where all w ≥ 0) gets none.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: false);
        Tensor input = c.Input.clamp(-2.5, 2.5);
        Tensor relevanceOut = rand(c.Layer.Apply(input, c.Layer.Weight, null).shape);

        Tensor relevance = new BoxRule([-3], [3]).Propagate(c.Layer, input, relevanceOut);
        Assert.True(relevance.min().item<float>() >= -1e-6f, $"min relevance {relevance.min().item<float>()}");

        var positiveLayer = new LinearLayer(c.Layer.Kind, c.Layer.Weight.abs(), null, c.Layer.Stride);
        Tensor atLowerBound = full_like(input, -3.0);
        Tensor none = new BoxRule([-3], [3]).Propagate(positiveLayer, atLowerBound, relevanceOut);
        Assert.True(none.abs().max().item<float>() <= 1e-6f, $"max |relevance| at the lower bound {none.abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void ZPlus_IsNonNegative_ForNonNegativeInputAndRelevance(string layer)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: true, nonNegativeInput: true);
        Tensor relevanceOut = rand(c.Layer.Apply(c.Input, c.Layer.Weight, c.Layer.Bias).shape);

        Tensor relevance = new ZPlusRule().Propagate(c.Layer, c.Input, relevanceOut);

        Assert.True(relevance.min().item<float>() >= 0, $"min relevance {relevance.min().item<float>()}");
        Assert.True(relevance.sum().item<float>() > 0);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void AlphaOneBetaZero_EqualsZPlus_WithZeroBias(string layer)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: false);
        Tensor relevanceOut = randn(c.Layer.Apply(c.Input, c.Layer.Weight, null).shape);

        Tensor alphaBeta = new AlphaBetaRule(1, 0).Propagate(c.Layer, c.Input, relevanceOut);
        Tensor zPlus = new ZPlusRule().Propagate(c.Layer, c.Input, relevanceOut);

        Assert.True(alphaBeta.allclose(zPlus, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Zero_EqualsGradientTimesInput_OnABiasFreeLinearLayer()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create("linear", bias: false);
        Tensor x = c.Input.detach().requires_grad_(true);
        Tensor y = nn.functional.linear(x, c.Layer.Weight);
        Tensor upstream = randn(y.shape);
        Tensor gradient = autograd.grad([(y * upstream).sum()], [x])[0];

        // R_out = y ⊙ m gives R_in = x ⊙ Wᵀ m = x ⊙ ∂(Σ y·m)/∂x.
        Tensor relevance = new ZeroRule().Propagate(c.Layer, c.Input, y.detach() * upstream);

        Assert.True(relevance.allclose(c.Input * gradient, rtol: 1e-4, atol: 1e-5));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(0.5, 0)]
    [InlineData(-1, -2)]
    public void AlphaBeta_RefusesParametersOtherThanAlphaMinusBetaOneAndNonNegative(double alpha, double beta)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new AlphaBetaRule(alpha, beta));

        Assert.Contains("α − β = 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlphaBeta_AcceptsTheCommonChoices()
    {
        Assert.Equal("alpha2beta1", new AlphaBetaRule(2, 1).Name);
        Assert.Equal("alpha1beta0", new AlphaBetaRule(1, 0).Name);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void WSquareAndFlat_DoNotDependOnTheInput_AndConserve(string layer)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias: true);
        Tensor other = randn(c.Input.shape) * 3;
        Tensor relevanceOut = rand(c.Layer.Apply(c.Input, c.Layer.Weight, c.Layer.Bias).shape);

        foreach (LrpRule rule in new LrpRule[] { new WSquareRule(), new FlatRule() })
        {
            Tensor first = rule.Propagate(c.Layer, c.Input, relevanceOut);
            Tensor second = rule.Propagate(c.Layer, other, relevanceOut);

            Assert.True(first.eq(second).all().item<bool>(), $"{rule.Name} depends on the input");
            AssertConserved(first, relevanceOut, rule.Name);
        }
    }

    private static void AssertConserved(Tensor relevanceIn, Tensor relevanceOut, string rule)
    {
        double sumIn = relevanceIn.to(float64).sum().item<double>();
        double sumOut = relevanceOut.to(float64).sum().item<double>();
        Assert.True(Math.Abs(sumIn - sumOut) <= 1e-5 * Math.Abs(sumOut), $"{rule}: Σ R_in = {sumIn}, Σ R_out = {sumOut}");
    }
}
