using Monitor.Core.Relevance.Graph;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Graph;

/// <summary>The padding's adjoint, written out per mode, equals autograd's vector-Jacobian product of GeoPad.</summary>
public sealed class PaddingAdjointTests
{
    [Theory]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular, 1)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Replicate, 1)]
    [InlineData(PaddingMode.Reflect, PaddingMode.Circular, 2)]
    [InlineData(PaddingMode.Circular, PaddingMode.Reflect, 2)]
    [InlineData(PaddingMode.Replicate, PaddingMode.Circular, 3)]
    public void Fold_EqualsAutogradOfThePadding(PaddingMode latitude, PaddingMode longitude, long size)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using var pad = new GeoPad(size, latitude, longitude);
        random.manual_seed(5);
        Tensor leaf = zeros(2, 3, 7, 9, dtype: float64).requires_grad_(true);
        Tensor padded = pad.call(leaf);
        Tensor relevance = randn(padded.shape, dtype: float64);
        Tensor expected = autograd.grad([padded], [leaf], [relevance])[0];

        Tensor actual = PaddingStep.Fold(PaddingStep.Fold(relevance, 2, size, latitude), 3, size, longitude);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.sub(expected).abs().max().item<double>() <= 1e-12);
        Assert.Equal(relevance.sum().item<double>(), actual.sum().item<double>(), 1e-9);
    }
}
