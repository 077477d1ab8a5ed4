using Monitor.Core.Grids;
using Monitor.Core.Transfer;

namespace Monitor.Core.Tests.Transfer;

public sealed class ModelFlopsTests
{
    [Fact]
    public void UNet_DepthOne_CountsEveryConvolutionByHand()
    {
        // 4×8 grid, 2 inputs, width 4, depth 1:
        // stem 3×3 2→4 and 4→4 at 32 px: 9·2·4·32 + 9·4·4·32 = 2304 + 4608
        // down: 3×3 4→8 stride 2 and 8→8 at 8 px: 9·4·8·8 + 9·8·8·8 = 2304 + 4608
        // up: 2×2 transposed 8→4 per input pixel (8 px): 8·4·4·8 = 1024; 3×3 8→4 and 4→4 at 32 px: 9216 + 4608
        // head 1×1 4→1 at 32 px: 128
        double macs = 2304 + 4608 + 2304 + 4608 + 1024 + 9216 + 4608 + 128;

        Assert.Equal(2 * macs, ModelFlops.Forward(Spec(Architecture.UNet)));
    }

    [Fact]
    public void UNet_OddGrid_CountsTheGridItRunsOn_PaddedToMultiples()
    {
        // 3×7 at depth 1 runs on 4×8: the hand count above.
        double macs = 2304 + 4608 + 2304 + 4608 + 1024 + 9216 + 4608 + 128;

        Assert.Equal(2 * macs, ModelFlops.Forward(Spec(Architecture.UNet) with { Grid = new GridSpec(10, 1, 3, 0, 1, 7) }));
    }

    [Fact]
    public void ResNetAndLinear_CountedByHand()
    {
        // ResNet: stem 9·2·4·32, 1 block of two 3×3 4→4 convolutions 2·9·4·4·32, head 4·32.
        Assert.Equal(2.0 * ((9 * 2 * 4 * 32) + (2 * 9 * 4 * 4 * 32) + (4 * 32)), ModelFlops.Forward(Spec(Architecture.ResNet)));
        Assert.Equal(2.0 * 2 * 32, ModelFlops.Forward(Spec(Architecture.Linear)));
    }

    private static ModelSpec Spec(Architecture architecture) => new()
    {
        Name = "flops",
        Target = "t2m",
        Inputs = ["tcc", "u10"],
        Architecture = architecture,
        Width = 4,
        Depth = 1,
        Blocks = 1,
        Grid = new GridSpec(10, 1, 4, 0, 1, 8),
        Standardisation = new Dictionary<string, Standardisation>(),
    };
}
