using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Baselines;

/// <summary>Small seeded float64 models [B, C, H, W] → [B, 1, H, W], inputs and selectors. Create inside a dispose scope.</summary>
internal static class BaselineModels
{
    public const int Batch = 2;
    public const int Channels = 3;
    public const int Height = 7;
    public const int Width = 8;

    /// <summary>A bias-free per-cell linear map f(x) = Σ_c w_c ⊙ x_c with weights w <c>[C, H, W]</c>.</summary>
    public static (Func<Tensor, Tensor> Model, Tensor Weight) PerCellLinear(int seed = 3)
    {
        random.manual_seed(seed);
        Tensor w = randn(Channels, Height, Width, dtype: float64);
        return (x => x.mul(w).sum(1, keepdim: true), w);
    }

    /// <summary>A 1×1 convolution without bias, C → 1.</summary>
    public static nn.Module<Tensor, Tensor> Conv1x1(int seed = 5)
    {
        random.manual_seed(seed);
        return nn.Conv2d(Channels, 1, 1, bias: false).to(float64);
    }

    /// <summary>conv 3×3 (C → 8, bias) → LeakyReLU(0.1) → conv 3×3 (8 → 1, bias), zero padding 1.</summary>
    public static nn.Module<Tensor, Tensor> TwoLayer(int inChannels = Channels, int seed = 7)
    {
        random.manual_seed(seed);
        var net = nn.Sequential(
            ("conv1", nn.Conv2d(inChannels, 8, 3, padding: 1)),
            ("act", nn.LeakyReLU(0.1)),
            ("conv2", nn.Conv2d(8, 1, 3, padding: 1)));
        net.to(float64);
        using (no_grad())
        {
            foreach (var p in net.named_parameters().Where(p => p.name.EndsWith("bias", StringComparison.Ordinal)))
            {
                p.parameter.copy_(randn(p.parameter.shape, dtype: float64) * 0.5);
            }
        }

        return net;
    }

    public static Tensor Input(int seed = 11)
    {
        random.manual_seed(seed);
        return randn(Batch, Channels, Height, Width, dtype: float64) * 1.5;
    }

    /// <summary>A rectangular region mask (rows 2–4, columns 3–6), the same for both samples.</summary>
    public static Tensor Region()
    {
        Tensor s = zeros(Batch, 1, Height, Width, dtype: float64);
        s[.., .., 2..5, 3..7] = ones(Batch, 1, 3, 4, dtype: float64);
        return s;
    }

    /// <summary>A seeded selector with mixed signs.</summary>
    public static Tensor RandomSelector(int seed)
    {
        random.manual_seed(seed);
        return randn(Batch, 1, Height, Width, dtype: float64);
    }

    /// <summary>F = Σ s ⊙ f per sample, <c>[B]</c>.</summary>
    public static Tensor Explained(Func<Tensor, Tensor> model, Tensor input, Tensor selector)
    {
        using var _ = no_grad();
        return model(input).mul(selector).flatten(1).sum(1);
    }

    public static double MaxAbs(Tensor t) => t.abs().max().to(float64).item<double>();
}
