using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Rules;

/// <summary>
/// The layers' adjoints: one equals autograd's vector-Jacobian product; a pair, whether run as two calls or as one
/// grouped call (gradients of 4,096 to 20,480 values at batch 1), equals the two single adjoints.
/// </summary>
public sealed class LinearLayerAdjointTests
{
    [Theory]
    [InlineData(LinearLayerKind.Conv2d, 1, 4, 8, false, 1, false)]              // 32 × 32 = 1,024 values: two calls
    [InlineData(LinearLayerKind.Conv2d, 1, 16, 32, false, 1, true)]             // 16,384: one grouped call
    [InlineData(LinearLayerKind.Conv2d, 2, 8, 16, false, 1, true)]              // stride 2 (output padding 1), 4,096: grouped
    [InlineData(LinearLayerKind.Conv2d, 1, 16, 32, true, 1, false)]             // float64: two calls
    [InlineData(LinearLayerKind.Conv2d, 1, 16, 32, false, 2, false)]            // batch 2: two calls
    [InlineData(LinearLayerKind.Conv2d, 1, 40, 40, false, 1, false)]            // 51,200 (oneDNN already): two calls
    [InlineData(LinearLayerKind.ConvTranspose2d, 2, 8, 16, false, 1, true)]     // 4,096: grouped
    [InlineData(LinearLayerKind.ConvTranspose2d, 2, 4, 8, false, 1, false)]     // 1,024: two calls
    public void PairedAdjoints_EqualAutogradsProducts(
        LinearLayerKind kind, long stride, long rows, long columns, bool doublePrecision, int batch, bool grouped)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        ScalarType dtype = doublePrecision ? float64 : float32;
        random.manual_seed(7);
        const long channelsIn = 32, channelsOut = 32;
        long kernel = kind == LinearLayerKind.ConvTranspose2d ? 2 : 3;
        Tensor weight = kind == LinearLayerKind.ConvTranspose2d
            ? randn(channelsIn, channelsOut, kernel, kernel, dtype: dtype)
            : randn(channelsOut, channelsIn, kernel, kernel, dtype: dtype);
        Tensor other = randn(weight.shape, dtype: dtype);
        var layer = new LinearLayer(kind, weight, null, stride);
        // An input whose output has the given rows and columns (a strided convolution skips its input's last row and column).
        long inRows = kind == LinearLayerKind.ConvTranspose2d ? rows / stride : ((rows - 1) * stride) + kernel + (stride - 1);
        long inColumns = kind == LinearLayerKind.ConvTranspose2d ? columns / stride : ((columns - 1) * stride) + kernel + (stride - 1);
        Tensor leaf = randn(batch, channelsIn, inRows, inColumns, dtype: dtype).requires_grad_(true);
        Tensor output = layer.Apply(leaf, weight, null), otherOutput = layer.Apply(leaf, other, null);
        Assert.Equal([batch, channelsOut, rows, columns], output.shape);
        Tensor a = randn(output.shape, dtype: dtype), b = randn(output.shape, dtype: dtype);
        Tensor expectedFirst = autograd.grad([output], [leaf], [a], retain_graph: true)[0];
        Tensor expectedSecond = autograd.grad([otherOutput], [leaf], [b])[0];

        Assert.Equal(grouped, layer.PairsInOneCall(a, weight));
        (Tensor first, Tensor second) = layer.Transpose((a.detach(), weight), (b.detach(), other), leaf.shape);

        double tolerance = doublePrecision ? 1e-10 : 1e-4;
        Assert.Equal(leaf.shape, first.shape);
        Assert.Equal(leaf.shape, second.shape);
        Assert.True(first.sub(expectedFirst).abs().max().to(float64).item<double>() <= tolerance * expectedFirst.abs().max().to(float64).item<double>());
        Assert.True(second.sub(expectedSecond).abs().max().to(float64).item<double>() <= tolerance * expectedSecond.abs().max().to(float64).item<double>());
        Assert.True(first.is_contiguous() && second.is_contiguous());
    }
}
