using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>Every rule (float32, autograd) against its literal float64 matrix form, on every layer kind, with and without bias.</summary>
public sealed class RuleLiteralTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static readonly double[] s_low = [-3, -2.5, -4, -3.5, -2, -3];
    private static readonly double[] s_high = [3, 2.5, 3.5, 4, 2, 3.25];

    /// <summary>Every rule, in float64 as the oracle demands (the rules are dtype-generic).</summary>
    public static TheoryData<string, string, bool> Float64Cases() => Combine(
        ["lrp-0", "epsilon-1e-6", "epsilon-0.25", "gamma-0.25", "gamma-0.5", "alpha2beta1", "alpha1beta0", "zplus", "zplus-mixed", "zbox", "wsquare", "flat"]);

    /// <summary>
    /// The rules whose denominators stay away from 0 (sign-definite parts, sign-aware γ with |denominator| ≥ |z| + γ·|parts|,
    /// or |z + ε·sign z| ≥ ε = 0.25) in float32. LRP-0 and small ε divide by z = Σ a_j w_jk of either sign: where z nears 0, float32's rounding of z
    /// (relative 6e-8) is amplified by 1/z and relevance reaches 10³ (not representable to 1e-5 in float32), so their
    /// float32 results are compared in <see cref="Float64Cases"/> only.
    /// </summary>
    public static TheoryData<string, string, bool> Float32Cases() => Combine(
        ["epsilon-0.25", "gamma-0.25", "gamma-0.5", "alpha2beta1", "alpha1beta0", "zplus", "zplus-mixed", "zbox", "wsquare", "flat"]);

    [Theory]
    [MemberData(nameof(Float64Cases))]
    public void Rule_MatchesItsLiteralMatrixForm_InFloat64(string rule, string layer, bool bias) => Compare(rule, layer, bias, float64);

    [Theory]
    [MemberData(nameof(Float32Cases))]
    public void Rule_MatchesItsLiteralMatrixForm_InFloat32(string rule, string layer, bool bias) => Compare(rule, layer, bias, float32);

    private static TheoryData<string, string, bool> Combine(string[] rules)
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string rule in rules)
        {
            foreach (string layer in LayerCase.Names)
            {
                data.Add(rule, layer, false);
                data.Add(rule, layer, true);
            }
        }

        return data;
    }

    private void Compare(string rule, string layer, bool bias, ScalarType dtype)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        LayerCase c = LayerCase.Create(layer, bias, nonNegativeInput: rule == "zplus");
        var typed = new LinearLayer(c.Layer.Kind, c.Layer.Weight.to(dtype), c.Layer.Bias?.to(dtype), c.Layer.Stride);
        Tensor input = c.Input.to(dtype);
        Tensor y = typed.Apply(input, typed.Weight, typed.Bias);

        // Upper relevance = the output itself (as in the literature's tests); the same values feed both sides.
        (LrpRule lrp, Func<double[], double[], double[]> literal) = Build(rule, c);
        Tensor relevance = lrp.Propagate(typed, input, y);

        Assert.Equal(input.shape, relevance.shape);
        Assert.Equal(dtype, relevance.dtype);
        double maxDifference = 0;
        for (int b = 0; b < input.shape[0]; b++)
        {
            double[] expected = literal(LayerCase.Sample(input, b), LayerCase.Sample(y, b));
            double[] actual = LayerCase.Sample(relevance, b);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.False(double.IsNaN(actual[j]), $"NaN at {j}");
                maxDifference = Math.Max(maxDifference, Math.Abs(expected[j] - actual[j]));
            }
        }

        output.WriteLine($"MAXDIFF {dtype} {rule} {layer} bias={bias} {maxDifference:E3}");
        Assert.True(maxDifference <= Tolerance, $"{rule} on {layer} (bias {bias}, {dtype}): max |autograd − literal| = {maxDifference:E3}");
    }

    private static (LrpRule Rule, Func<double[], double[], double[]> Literal) Build(string rule, LayerCase c)
    {
        double[] low = s_low[..c.Channels];
        double[] high = s_high[..c.Channels];
        return rule switch
        {
            "lrp-0" => (new ZeroRule(), (a, r) => LiteralLrp.Zero(c, a, r)),
            "epsilon-1e-6" => (new EpsilonRule(1e-6), (a, r) => LiteralLrp.Epsilon(c, a, r, 1e-6)),
            "epsilon-0.25" => (new EpsilonRule(0.25), (a, r) => LiteralLrp.Epsilon(c, a, r, 0.25)),
            "gamma-0.25" => (new GammaRule(0.25), (a, r) => LiteralLrp.Gamma(c, a, r, 0.25)),
            "gamma-0.5" => (new GammaRule(0.5), (a, r) => LiteralLrp.Gamma(c, a, r, 0.5)),
            "alpha2beta1" => (new AlphaBetaRule(2, 1), (a, r) => LiteralLrp.AlphaBeta(c, a, r, 2, 1)),
            "alpha1beta0" => (new AlphaBetaRule(1, 0), (a, r) => LiteralLrp.AlphaBeta(c, a, r, 1, 0)),
            "zplus" or "zplus-mixed" => (new ZPlusRule(), (a, r) => LiteralLrp.ZPlus(c, a, r)),
            "zbox" => (new BoxRule(low, high), (a, r) => LiteralLrp.Box(c, a, r, low, high)),
            "wsquare" => (new WSquareRule(), (_, r) => LiteralLrp.WSquare(c, r)),
            "flat" => (new FlatRule(), (_, r) => LiteralLrp.Flat(c, r)),
            _ => throw new ArgumentException($"unknown rule {rule}", nameof(rule)),
        };
    }
}
