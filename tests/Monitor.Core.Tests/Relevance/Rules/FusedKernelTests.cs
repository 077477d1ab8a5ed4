using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>
/// The fused element-wise passes against the same arithmetic written as plain tensor expressions, in float32 and
/// float64, with values of batch 1 broadcast against relevance of batch K = 3, on planes large enough for the vector
/// loops and the parallel path (64 × 40 × 36 cells) and on odd sizes that end in the scalar tail; the inputs are left
/// untouched and alive.
/// </summary>
public sealed class FusedKernelTests : IDisposable
{
    private readonly TorchSharp.torch.Generator _random;

    public FusedKernelTests()
    {
        TorchRuntime.Initialize();
        _random = new TorchSharp.torch.Generator(7);
    }

    public void Dispose() => _random.Dispose();

    public static TheoryData<ScalarType, long, long, long> Shapes => new()
    {
        { ScalarType.Float32, 64, 40, 36 },
        { ScalarType.Float64, 64, 40, 36 },
        { ScalarType.Float32, 3, 5, 7 },
        { ScalarType.Float64, 2, 1, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Divide_EqualsTheStabilisedQuotient(ScalarType dtype, long channels, long rows, long columns)
    {
        using IDisposable scope = NewDisposeScope();
        (Tensor relevance, Tensor z) = (Random(dtype, 3, channels, rows, columns), WithZeros(Random(dtype, 1, channels, rows, columns)));
        Tensor before = z.clone();
        foreach (double epsilon in new[] { 0.0, 0.25 })
        {
            Tensor expected = relevance.div(Stabilised(z, epsilon));
            AssertClose(expected, FusedKernels.Divide(relevance, z, epsilon), dtype);
        }

        Assert.True(z.eq(before).all().item<bool>(), "the denominator is unchanged and alive");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SplitSum_SharesInProportion(ScalarType dtype, long channels, long rows, long columns)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor relevance = Random(dtype, 3, channels, rows, columns);
        Tensor a = Random(dtype, 1, channels, rows, columns), b = Random(dtype, 1, channels, rows, columns);
        Tensor sum = a.add(b);
        (Tensor first, Tensor second) = FusedKernels.SplitSum(relevance, a, b, sum, LrpRule.DefaultStabiliser);
        Tensor share = relevance.div(Stabilised(sum, LrpRule.DefaultStabiliser));
        AssertClose(a.mul(share), first, dtype);
        AssertClose(b.mul(share), second, dtype);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GammaShare_EqualsTheSignAwareDenominator(ScalarType dtype, long channels, long rows, long columns)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor relevance = Random(dtype, 3, channels, rows, columns);
        Tensor z = WithZeros(Random(dtype, 1, channels, rows, columns)), magnitude = Random(dtype, 1, channels, rows, columns).abs();
        Tensor bias = Random(dtype, channels);
        const double Gamma = 0.25;
        foreach (Tensor? b in new[] { bias, null })
        {
            // d = z + γ/2·((z − b) + σM) + γ·b^σ, σ = sign(z) with sign(0) = +1
            Tensor perChannel = b?.reshape(1, -1, 1, 1) ?? zeros(1, dtype: dtype);
            Tensor sign = where(z.ge(0), ones_like(z), ones_like(z).neg());
            Tensor biasPart = where(z.ge(0), perChannel.clamp_min(0), perChannel.clamp_max(0));
            Tensor denominator = z.add(z.sub(perChannel).add(sign.mul(magnitude)).mul(Gamma / 2)).add(biasPart.mul(Gamma));
            Tensor expected = relevance.div(Stabilised(denominator, LrpRule.DefaultStabiliser));
            (Tensor share, Tensor signedShare) = FusedKernels.GammaShare(
                LinearLayerKind.Conv2d, relevance, z, magnitude, b, Gamma, LrpRule.DefaultStabiliser);
            AssertClose(expected, share, dtype);
            AssertClose(expected.mul(sign), signedShare, dtype);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GammaCombine_AddsTheDirectAndAmplifiedParts(ScalarType dtype, long channels, long rows, long columns)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor input = Random(dtype, 1, channels, rows, columns);
        Tensor direct = Random(dtype, 3, channels, rows, columns), amplified = Random(dtype, 3, channels, rows, columns);
        Tensor expected = input.mul(direct).mul(1.125).add(input.abs().mul(amplified).mul(0.125));
        Tensor result = FusedKernels.GammaCombine(input, direct.clone(), amplified, 0.25);
        AssertClose(expected, result, dtype);
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void GammaShare_TakesOneBiasPerCell_ForThePerCellLayer(ScalarType dtype)
    {
        using IDisposable scope = NewDisposeScope();
        Tensor relevance = Random(dtype, 3, 1, 6, 9), z = Random(dtype, 1, 1, 6, 9), magnitude = Random(dtype, 1, 1, 6, 9).abs();
        Tensor bias = Random(dtype, 6, 9);
        const double Gamma = 0.5;
        Tensor sign = where(z.ge(0), ones_like(z), ones_like(z).neg());
        Tensor perCell = bias.reshape(1, 1, 6, 9);
        Tensor biasPart = where(z.ge(0), perCell.clamp_min(0), perCell.clamp_max(0));
        Tensor denominator = z.add(z.sub(perCell).add(sign.mul(magnitude)).mul(Gamma / 2)).add(biasPart.mul(Gamma));
        Tensor expected = relevance.div(Stabilised(denominator, LrpRule.DefaultStabiliser));

        (Tensor share, Tensor signedShare) = FusedKernels.GammaShare(LinearLayerKind.PerCell, relevance, z, magnitude, bias, Gamma, LrpRule.DefaultStabiliser);

        AssertClose(expected, share, dtype);
        AssertClose(expected.mul(sign), signedShare, dtype);
        var wrong = Assert.Throws<ArgumentException>(() => FusedKernels.GammaShare(LinearLayerKind.Conv2d, relevance, z, magnitude, bias, Gamma, 0));
        Assert.Contains("does not fit", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueThatDoesNotBroadcast_IsRefused()
    {
        using IDisposable scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => FusedKernels.Divide(randn(2, 4, 3, 3), randn(1, 4, 3, 2), 0));
        Assert.Contains("does not broadcast", error.Message, StringComparison.Ordinal);

        // As many values, laid out differently: [1, 4, 3, 3] against [2, 4, 3, 3] broadcasts, [2, 2, 3, 3] does not.
        error = Assert.Throws<ArgumentException>(() => FusedKernels.Divide(randn(2, 4, 3, 3), randn(2, 2, 3, 3), 0));
        Assert.Contains("does not broadcast", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every draw differs (one generator per test), so swapped operands cannot agree by accident.</summary>
    private Tensor Random(ScalarType dtype, params long[] shape) => randn(shape, dtype: dtype, generator: _random);

    /// <summary>Every 7th value set to exactly 0, where the stabiliser's sign convention matters.</summary>
    private static Tensor WithZeros(Tensor t)
    {
        Tensor flat = t.flatten();
        flat[TensorIndex.Slice(0, null, 7)] = zeros(1, dtype: t.dtype);
        return flat.reshape(t.shape);
    }

    /// <summary>z + ε·sign(z) with sign(0) = +1; for ε = 0 only an exact 0 becomes 1e-9 (the rules' definition).</summary>
    private static Tensor Stabilised(Tensor z, double epsilon) => epsilon == 0
        ? where(z.eq(0), full_like(z, LrpRule.DefaultStabiliser), z)
        : z.add(where(z.ge(0), full_like(z, epsilon), full_like(z, -epsilon)));

    private static void AssertClose(Tensor expected, Tensor actual, ScalarType dtype)
    {
        Assert.Equal(expected.shape, actual.shape);
        double tolerance = dtype == ScalarType.Float32 ? 1e-5 : 1e-12;
        double error = expected.sub(actual).abs().div(expected.abs().add(1)).max().to(float64).item<double>();
        Assert.True(error <= tolerance, $"relative error {error:E2} > {tolerance:E0}");
    }
}
