using TorchSharp;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Graph;

/// <summary>Seeded transfer networks in eval mode with non-trivial BatchNorm statistics, and inputs. Create inside a dispose scope.</summary>
internal static class Networks
{
    public const int Channels = 3;

    public static nn.Module<Tensor, Tensor> UNet(ScalarType dtype, bool zeroBias, PaddingMode latitude = PaddingMode.Reflect,
        PaddingMode longitude = PaddingMode.Circular, int seed = 1, int depth = 2, int version = Monitor.Core.Transfer.Modules.UNet.OriginalVersion)
    {
        random.manual_seed(seed);
        var net = new UNet(Channels, 4, depth, latitude, longitude, version);
        return Prepare(net, dtype, zeroBias, seed);
    }

    public static nn.Module<Tensor, Tensor> ResNet(ScalarType dtype, bool zeroBias, PaddingMode latitude = PaddingMode.Reflect,
        PaddingMode longitude = PaddingMode.Circular, int blocks = 3, int seed = 2)
    {
        random.manual_seed(seed);
        var net = new ResNet(Channels, 6, blocks, latitude, longitude);
        return Prepare(net, dtype, zeroBias, seed);
    }

    public static nn.Module<Tensor, Tensor> Linear(ScalarType dtype, bool zeroBias, int height = 8, int width = 16, int seed = 3)
    {
        random.manual_seed(seed);
        var net = new PerCellLinear(Channels, height, width);
        net.to(dtype);
        using (no_grad())
        {
            net.Weight.copy_(randn(net.Weight.shape, dtype: dtype));
            if (!zeroBias)
            {
                net.Bias.copy_(randn(net.Bias.shape, dtype: dtype));
            }
        }

        net.eval();
        return net;
    }

    /// <summary>"unet", "unet2" (the phase-symmetric layout: 4×4 stride-2 convolutions), "resnet" or (anything else) the per-cell linear model.</summary>
    public static nn.Module<Tensor, Tensor> Create(string architecture, ScalarType dtype, bool zeroBias, PaddingMode latitude, PaddingMode longitude) =>
        architecture switch
        {
            "unet" => UNet(dtype, zeroBias, latitude, longitude),
            "unet2" => UNet(dtype, zeroBias, latitude, longitude, version: Monitor.Core.Transfer.Modules.UNet.PhaseSymmetricVersion),
            "resnet" => ResNet(dtype, zeroBias, latitude, longitude),
            _ => Linear(dtype, zeroBias),
        };

    /// <summary>The network's output for <paramref name="x"/>, without gradients.</summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> net, Tensor x)
    {
        using (no_grad())
        {
            return net.call(x);
        }
    }

    public static Tensor Input(ScalarType dtype, int height = 8, int width = 16, int seed = 11, int batch = 1)
    {
        random.manual_seed(seed);
        return randn(batch, Channels, height, width, dtype: dtype);
    }

    /// <summary>Random γ, σ² (and μ, β unless <paramref name="zeroBias"/>), head bias 0 when <paramref name="zeroBias"/>.</summary>
    private static nn.Module<Tensor, Tensor> Prepare(nn.Module<Tensor, Tensor> net, ScalarType dtype, bool zeroBias, int seed)
    {
        net.to(dtype);
        random.manual_seed(seed + 100);
        using (no_grad())
        {
            foreach ((_, nn.Module module) in net.named_modules())
            {
                if (module is not BatchNorm)
                {
                    continue;
                }

                Tensor gamma = module.get_parameter("weight")!;
                Tensor beta = module.get_parameter("bias")!;
                Tensor mean = module.get_buffer("running_mean")!;
                Tensor variance = module.get_buffer("running_var")!;
                gamma.copy_(rand(gamma.shape, dtype: dtype).mul(tensor(1.0, dtype)).add(tensor(0.5, dtype)));
                variance.copy_(rand(variance.shape, dtype: dtype).mul(tensor(1.5, dtype)).add(tensor(0.5, dtype)));
                if (!zeroBias)
                {
                    mean.copy_(randn(mean.shape, dtype: dtype).mul(tensor(0.2, dtype)));
                    beta.copy_(randn(beta.shape, dtype: dtype).mul(tensor(0.2, dtype)));
                }

            }

            if (zeroBias)
            {
                foreach ((string name, TorchSharp.Modules.Parameter parameter) in net.named_parameters())
                {
                    if (name == "head.bias")
                    {
                        parameter.zero_();
                    }
                }
            }
        }

        net.eval();
        return net;
    }
}
