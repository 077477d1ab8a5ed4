using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Transfer;

public sealed class ModuleTests
{
    public ModuleTests()
    {
        TorchRuntime.Initialize();
    }

    [Fact]
    public void GeoPad_GlobalGrid_WrapsLongitudeAndMirrorsLatitude()
    {
        using IDisposable scope = NewDisposeScope();
        Tensor x = arange(12, dtype: float32).reshape(1, 1, 3, 4);   // rows 0..3, 4..7, 8..11
        using var pad = new GeoPad(1, PaddingMode.Reflect, PaddingMode.Circular);

        float[] padded = pad.call(x).data<float>().ToArray();   // [1, 1, 5, 6]

        // Row 1 of the result is input row 0 with its last and first values wrapped around: 3 | 0 1 2 3 | 0.
        Assert.Equal([3f, 0, 1, 2, 3, 0], padded[6..12]);
        // Row 0 mirrors input row 1 (reflect excludes the edge row itself): 7 | 4 5 6 7 | 4.
        Assert.Equal([7f, 4, 5, 6, 7, 4], padded[0..6]);
    }

    [Theory]
    [InlineData(32, 64, 3)]
    [InlineData(16, 24, 2)]
    public void UNet_Forward_KeepsTheGrid(int lat, int lon, int depth)
    {
        using IDisposable scope = NewDisposeScope();
        using var net = new UNet(6, 8, depth, PaddingMode.Reflect, PaddingMode.Circular);
        net.eval();

        Tensor y = net.call(randn(2, 6, lat, lon));

        Assert.Equal([2L, 1, lat, lon], y.shape);
    }

    [Fact]
    public void ResNetAndLinear_Forward_KeepTheGrid()
    {
        using IDisposable scope = NewDisposeScope();
        using var resnet = new ResNet(6, 8, 2, PaddingMode.Replicate, PaddingMode.Replicate);
        using var linear = new PerCellLinear(6, 10, 12);
        resnet.eval();

        Assert.Equal([3L, 1, 10, 12], resnet.call(randn(3, 6, 10, 12)).shape);
        Assert.Equal([3L, 1, 10, 12], linear.call(randn(3, 6, 10, 12)).shape);
    }

    [Fact]
    public void StateDictKeys_MatchThePyTorchTwinNames()
    {
        using var unet = new UNet(6, 8, 2, PaddingMode.Reflect, PaddingMode.Circular);
        using var resnet = new ResNet(6, 8, 2, PaddingMode.Reflect, PaddingMode.Circular);
        using var linear = new PerCellLinear(6, 4, 8);

        string[] unetKeys = unet.state_dict().Keys.ToArray();
        string[] resnetKeys = resnet.state_dict().Keys.ToArray();

        Assert.Contains("stem_first.conv.weight", unetKeys);
        Assert.Contains("stem_second.norm.running_var", unetKeys);
        Assert.Contains("down.1.first.conv.weight", unetKeys);
        Assert.Contains("up.0.upsample.weight", unetKeys);
        Assert.Contains("up.1.second.norm.num_batches_tracked", unetKeys);
        Assert.Contains("head.bias", unetKeys);
        Assert.Contains("blocks.1.first.conv.weight", resnetKeys);
        Assert.Contains("blocks.0.norm.running_mean", resnetKeys);
        Assert.Equal(["weight", "bias"], linear.state_dict().Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.DoesNotContain(unetKeys, k => k.Contains('_', StringComparison.Ordinal) && k.StartsWith('_'));
    }

    [Fact]
    public void PerCellLinear_IsTheLiteralPerCellRegression()
    {
        using IDisposable scope = NewDisposeScope();
        using var linear = new PerCellLinear(2, 1, 2);
        using (no_grad())
        {
            linear.parameters().First().copy_(tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 1, 2));
            linear.parameters().Last().copy_(tensor(new float[] { 10, 20 }).reshape(1, 2));
        }

        float[] y = linear.call(tensor(new float[] { 1, 1, 2, 3 }).reshape(1, 2, 1, 2)).data<float>().ToArray();

        // Cell 0: 1·1 + 3·2 + 10 = 17; cell 1: 2·1 + 4·3 + 20 = 34.
        Assert.Equal([17f, 34f], y);
    }
}
