using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Graph;

/// <summary>
/// The network walk: the rewritten graph computes what the network computes; with zero biases LRP-0 and ε → 0 conserve
/// relevance through U-Net (skips, transposed convolutions, every padding) and ResNet (residual sums); LRP-0 equals
/// gradient × input on these bias-free LeakyReLU networks; the network is never modified.
/// </summary>
public sealed class RelevanceGraphTests(ITestOutputHelper output)
{
    public static TheoryData<string, PaddingMode, PaddingMode> Architectures() => new()
    {
        { "unet", PaddingMode.Reflect, PaddingMode.Circular },
        { "unet", PaddingMode.Replicate, PaddingMode.Replicate },
        { "unet2", PaddingMode.Reflect, PaddingMode.Circular },
        { "unet2", PaddingMode.Replicate, PaddingMode.Replicate },
        { "resnet", PaddingMode.Reflect, PaddingMode.Circular },
        { "resnet", PaddingMode.Replicate, PaddingMode.Replicate },
        { "linear", PaddingMode.Replicate, PaddingMode.Replicate },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_EqualsTheNetwork(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float32, zeroBias: false, latitude, longitude);
        Tensor x = Networks.Input(float32, batch: 2);
        using RelevanceGraph graph = RelevanceGraph.Build(net);
        Tensor expected, actual;
        using (no_grad())
        {
            expected = net.call(x);
            actual = graph.Forward(x)[^1];
        }

        double relative = actual.sub(expected).abs().max().item<float>() / expected.abs().max().item<float>();
        output.WriteLine($"{architecture}: max |graph − network| / max |network| = {relative:E2}");
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(relative <= 1e-5, $"relative difference {relative:E2}");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ZeroBias_LrpZeroAndSmallEpsilon_ConserveRelevance(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: true, latitude, longitude);
        Tensor x = Networks.Input(float64);
        foreach (string rule in new[] { "zero", "epsilon:1e-9" })
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve(rule), bounds: null);
            Tensor y;
            using (no_grad())
            {
                y = net.call(x);
            }

            Tensor relevance = explainer.Propagate(x, y);
            double inSum = relevance.sum().item<double>(), outSum = y.sum().item<double>();
            double error = Math.Abs(inSum - outSum) / Math.Abs(outSum);
            output.WriteLine($"{architecture} {rule}: ΣR_out = {outSum:F6}, ΣR_in = {inSum:F6}, relative error {error:E2}");
            Assert.True(error <= 1e-4, $"{rule}: |ΣR_in − ΣR_out| / |ΣR_out| = {error:E2}");
        }
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("unet2")]
    [InlineData("resnet")]
    [InlineData("linear")]
    public void ZeroBias_LrpZero_EqualsGradientTimesInput(string architecture)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: true, PaddingMode.Reflect, PaddingMode.Circular);
        Tensor x = Networks.Input(float64);
        Tensor selector = zeros(1, 1, 8, 16, dtype: float64);
        selector[.., .., 2..5, 3..9] = ones(1, 1, 3, 6, dtype: float64);

        Tensor leaf = x.detach().requires_grad_(true);
        Tensor objective = net.call(leaf).mul(selector).sum();
        Tensor gradientTimesInput = autograd.grad([objective], [leaf])[0].mul(x);

        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        Tensor y;
        using (no_grad())
        {
            y = net.call(x);
        }

        Tensor relevance = explainer.Propagate(x, y.mul(selector));
        double difference = relevance.sub(gradientTimesInput).abs().max().item<double>();
        double scale = gradientTimesInput.abs().max().item<double>();
        output.WriteLine($"{architecture}: max |LRP-0 − gradient × input| = {difference:E2} (max |g × x| = {scale:F4})");
        Assert.True(difference <= 1e-6 * scale, $"difference {difference:E2}");
    }

    [Fact]
    public void ResidualSums_SplitRelevance_NotCopyIt()
    {
        // Residual branches that roughly double their input: copying the relevance of each sum to both branches (what
        // passing a plain gradient through the addition amounts to for relevance) would multiply the total by about
        // 2 per block, 8 over three blocks; the proportional split conserves it.
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float64, zeroBias: true, blocks: 3);
        Tensor x = Networks.Input(float64);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        Tensor y;
        using (no_grad())
        {
            y = net.call(x);
        }

        Tensor cell = zeros_like(y);
        cell[0, 0, 4, 7] = y[0, 0, 4, 7];
        double inSum = explainer.Propagate(x, cell).sum().item<double>(), outSum = cell.sum().item<double>();
        output.WriteLine($"one cell through 3 residual blocks: ΣR_out = {outSum:F6}, ΣR_in = {inSum:F6}");
        Assert.Equal(outSum, inSum, 1e-8 * Math.Abs(outSum) + 1e-12);
    }

    [Theory]
    [InlineData(PaddingMode.Circular, true)]
    [InlineData(PaddingMode.Replicate, false)]
    public void CircularPadding_FoldsRelevanceAcrossTheDateLine(PaddingMode longitude, bool expectWrap)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.ResNet(float64, zeroBias: false, PaddingMode.Reflect, longitude, blocks: 1);
        Tensor x = Networks.Input(float64);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("epsilon:0.01"), bounds: null);
        Tensor y;
        using (no_grad())
        {
            y = net.call(x);
        }

        Tensor cell = zeros_like(y);
        cell[0, 0, 4, 0] = y[0, 0, 4, 0];
        Tensor relevance = explainer.Propagate(x, cell);
        double lastColumns = relevance[.., .., .., 12..].abs().sum().item<double>();
        output.WriteLine($"{longitude}: Σ|R| in the last 4 columns for a cell in column 0 = {lastColumns:E3}");
        Assert.Equal(expectWrap, lastColumns > 1e-6);
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("resnet")]
    public void Explaining_LeavesTheNetworkUntouched(string architecture)
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float32, zeroBias: false, PaddingMode.Reflect, PaddingMode.Circular);
        Tensor x = Networks.Input(float32);
        var before = net.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Tensor outputBefore;
        using (no_grad())
        {
            outputBefore = net.call(x);
        }

        foreach (NamedComposite composite in NamedComposite.All)
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, composite, bounds: null);
            _ = explainer.Propagate(x, outputBefore);
        }

        foreach ((string name, Tensor value) in net.state_dict())
        {
            Assert.True(value.eq(before[name]).all().item<bool>(), $"{name} changed");
        }

        using (no_grad())
        {
            Assert.True(net.call(x).eq(outputBefore).all().item<bool>(), "the output changed");
        }

        Assert.False(net.training);
    }

    [Fact]
    public void Layers_AreNamedInForwardOrder()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.UNet(float32, zeroBias: false);
        using RelevanceGraph graph = RelevanceGraph.Build(net);
        string[] names = graph.Layers.Select(l => l.Name).ToArray();
        Assert.Equal(
            ["stem_first.conv", "stem_second.conv", "down.0.first.conv", "down.0.second.conv", "down.1.first.conv", "down.1.second.conv",
             "up.0.upsample", "up.0.first.conv", "up.0.second.conv", "up.1.upsample", "up.1.first.conv", "up.1.second.conv", "head"],
            names);
        Assert.Equal(LinearLayerKind.ConvTranspose2d, graph.Layers[6].Kind);
        Assert.True(graph.Layers[0].IsInput);
        Assert.True(graph.Layers[^1].IsOutput);
        Assert.All(graph.Layers, l => Assert.Equal(names.Length, l.Count));
    }
}
