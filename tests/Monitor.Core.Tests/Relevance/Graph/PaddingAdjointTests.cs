using Monitor.Core.Relevance.Graph;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Graph;

/// <summary>The padding's adjoint over the whole grid, written out per mode, equals autograd's vector-Jacobian product of GeoPad.</summary>
public sealed class PaddingAdjointTests
{
    [Theory]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular, 1, false)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Replicate, 1, false)]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular, 2, false)]
    [InlineData(PaddingMode.Circular, PaddingMode.Reflect, 2, false)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Circular, 3, false)]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular, 1, true)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Circular, 3, true)]
    public void Fold_EqualsAutogradOfThePadding(PaddingMode latitude, PaddingMode longitude, long size, bool singlePrecision)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ScalarType dtype = singlePrecision ? float32 : float64;
        using var pad = new GeoPad(size, latitude, longitude);
        random.manual_seed(5);
        Tensor leaf = zeros(2, 3, 7, 9, dtype: dtype).requires_grad_(true);
        Tensor padded = pad.call(leaf);
        Tensor relevance = randn(padded.shape, dtype: dtype);
        Tensor expected = autograd.grad([padded], [leaf], [relevance])[0];

        var step = new PaddingStep(0, 1, pad.Size, pad.Latitude, pad.Longitude, pad.call);
        Tensor actual = step.Backward([leaf.detach()], padded.detach(), new WindowedRelevance(relevance, Windows.Whole(padded, 2)))[0].Values;

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.sub(expected).abs().max().to(float64).item<double>() <= (singlePrecision ? 1e-5 : 1e-12));
        Assert.Equal(relevance.sum().to(float64).item<double>(), actual.sum().to(float64).item<double>(), singlePrecision ? 1e-3 : 1e-9);
    }
}
