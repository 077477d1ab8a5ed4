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
    [InlineData(33, 36, 3)]
    [InlineData(161, 353, 3)]
    [InlineData(9, 8, 3)]
    public void UNet_Forward_KeepsTheGrid(int lat, int lon, int depth)
    {
        using IDisposable scope = NewDisposeScope();
        using var net = new UNet(6, 8, depth, PaddingMode.Reflect, PaddingMode.Circular);
        net.eval();

        Tensor y = net.call(randn(2, 6, lat, lon));

        Assert.Equal([2L, 1, lat, lon], y.shape);
    }

    [Theory]
    [InlineData(33, 36, PaddingMode.Reflect, PaddingMode.Circular)]
    [InlineData(33, 36, PaddingMode.Replicate, PaddingMode.Replicate)]
    [InlineData(161, 353, PaddingMode.Replicate, PaddingMode.Replicate)]
    public void UNet_OddGrid_IsItsGridPaddedGeographically_ThroughTheNetwork_CroppedBack(int lat, int lon, PaddingMode latitude, PaddingMode longitude)
    {
        // On a grid padded by hand to multiples of 2^depth the U-Net pads nothing itself, so cropping its output must
        // give what the U-Net computes on the odd grid.
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(4);
        using var net = new UNet(3, 4, 3, latitude, longitude);
        net.eval();
        Tensor x = randn(2, 3, lat, lon);
        GridMargins margins = net.Margins(lat, lon);

        Tensor y = net.call(x);
        Tensor expected = margins.Crop(net.call(GeoPad.Pad(x, margins, latitude, longitude)));

        Assert.False(margins.IsZero);
        Assert.Equal([2L, 1, lat, lon], y.shape);
        Assert.True(y.sub(expected).abs().max().item<float>() <= 1e-6f * expected.abs().max().item<float>());
    }

    [Fact]
    public void UNet_OddGrid_TrainsInTrainingMode()
    {
        // A few AdamW steps on 33 × 36 (padded to 40 × 40): the loss over the grid's own cells falls, every parameter
        // gets a finite gradient.
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(6);
        using var net = new UNet(3, 4, 3, PaddingMode.Reflect, PaddingMode.Replicate);
        net.train();
        Tensor x = randn(4, 3, 33, 36), target = x.narrow(1, 0, 1).mul(tensor(2f)).add(x.narrow(1, 2, 1));
        using var optimizer = optim.AdamW(net.parameters(), lr: 0.01);
        var losses = new List<float>();
        for (int step = 0; step < 8; step++)
        {
            optimizer.zero_grad();
            Tensor loss = nn.functional.mse_loss(net.call(x), target);
            loss.backward();
            Assert.All(net.parameters(), p => Assert.True(p.grad is { } g && g.isfinite().all().item<bool>(), "a parameter's gradient"));
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.8f * losses[0], $"losses {string.Join(", ", losses)}");
    }

    [Fact]
    public void GridMargins_ToMultiple_SplitEvenly_TheOddCellAfter()
    {
        Assert.Equal(new GridMargins(3, 4, 2, 2), GridMargins.ToMultiple(33, 36, 8));
        Assert.Equal(new GridMargins(3, 4, 3, 4), GridMargins.ToMultiple(161, 353, 8));
        Assert.Equal(new GridMargins(0, 1, 1, 1), GridMargins.ToMultiple(15, 14, 4));
        Assert.True(GridMargins.ToMultiple(32, 64, 8).IsZero);
    }

    [Fact]
    public void GeoPad_UnequalMargins_CopyEachModesSources()
    {
        using IDisposable scope = NewDisposeScope();
        Tensor x = arange(12, dtype: float32).reshape(1, 1, 3, 4);   // rows 0..3, 4..7, 8..11

        // One row above, two below (reflect: rows 1 | 0 1 2 | 1 0); none left, one right (circular: column 0 again).
        float[] reflected = GeoPad.Pad(x, new GridMargins(1, 2, 0, 1), PaddingMode.Reflect, PaddingMode.Circular).data<float>().ToArray();
        // Replicate: row 0 | 0 1 2 | 2 2; two columns left: 0 0 | 0 1 2 3.
        float[] replicated = GeoPad.Pad(x, new GridMargins(1, 2, 2, 0), PaddingMode.Replicate, PaddingMode.Replicate).data<float>().ToArray();

        Assert.Equal([4f, 5, 6, 7, 4, 0, 1, 2, 3, 0, 4, 5, 6, 7, 4, 8, 9, 10, 11, 8, 4, 5, 6, 7, 4, 0, 1, 2, 3, 0], reflected);
        Assert.Equal([0f, 0, 0, 1, 2, 3, 0, 0, 0, 1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 8, 8, 9, 10, 11, 8, 8, 8, 9, 10, 11, 8, 8, 8, 9, 10, 11], replicated);
    }

    [Theory]
    [InlineData("unet", PaddingMode.Reflect, PaddingMode.Circular, 8, 36, "a U-Net of depth 3 needs at least 9×8 cells")]
    [InlineData("unet", PaddingMode.Replicate, PaddingMode.Replicate, 33, 7, "a U-Net of depth 3 needs at least 8×8 cells")]
    [InlineData("resnet", PaddingMode.Reflect, PaddingMode.Circular, 1, 36, "a ResNet needs at least 2×1 cells")]
    [InlineData("linear", PaddingMode.Replicate, PaddingMode.Replicate, 33, 37, "its 33×36 grid; the input's grid is 33×37")]
    public void GridsBelowTheMinimum_RefusedNamingTheMinimumAndTheGrid(string architecture, PaddingMode latitude, PaddingMode longitude, int lat, int lon, string expected)
    {
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = architecture switch
        {
            "unet" => new UNet(3, 4, 3, latitude, longitude),
            "resnet" => new ResNet(3, 4, 1, latitude, longitude),
            _ => new PerCellLinear(3, 33, 36),
        };
        net.eval();

        ArgumentException error = Assert.Throws<ArgumentException>(() => net.call(randn(1, 3, lat, lon)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{lat}×{lon}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResNetAndLinear_Forward_KeepTheGrid()
    {
        using IDisposable scope = NewDisposeScope();
        using var resnet = new ResNet(6, 8, 2, PaddingMode.Replicate, PaddingMode.Replicate);
        using var linear = new PerCellLinear(6, 10, 12);
        resnet.eval();

        Assert.Equal([3L, 1, 10, 12], resnet.call(randn(3, 6, 10, 12)).shape);
        Assert.Equal([3L, 1, 33, 161], resnet.call(randn(3, 6, 33, 161)).shape);
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
