using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Baselines;

/// <summary>
/// Properties on a small nonlinear network (two 3×3 convolutions with biases and LeakyReLU): completeness of
/// integrated gradients (Sundararajan et al. 2017), linearity in the selector, occlusion of an ignored channel, and
/// that the module overloads leave the model as they found it.
/// </summary>
public sealed class NonlinearModelTests(ITestOutputHelper output)
{
    [Fact]
    public void IntegratedGradients_AreComplete_AndConvergeWithMoreSteps()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.Region();
        Tensor target = BaselineModels.Explained(net.call, x, s) - BaselineModels.Explained(net.call, zeros_like(x), s);

        double Error(int steps)
        {
            Tensor a = new IntegratedGradientsAttribution(steps).Attribute(net, x, s);
            return ((a.flatten(1).sum(1) - target).abs() / target.abs()).max().item<double>();
        }

        double error16 = Error(16);
        double error256 = Error(256);
        output.WriteLine($"F(x) - F(0) = [{string.Join(", ", target.data<double>().ToArray())}]; relative completeness error: 16 steps {error16:E3}, 256 steps {error256:E3}");

        Assert.True(error256 < 1e-2, $"256 steps: relative error {error256}");
        Assert.True(error16 > error256, $"16 steps {error16} must be worse than 256 steps {error256}");
    }

    [Fact]
    public void IntegratedGradients_WithABaselineTensor_AreCompleteRelativeToIt()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.Region();
        random.manual_seed(31);
        Tensor baseline = randn(BaselineModels.Channels, BaselineModels.Height, BaselineModels.Width, dtype: float64);
        Tensor target = BaselineModels.Explained(net.call, x, s) - BaselineModels.Explained(net.call, baseline.unsqueeze(0).expand(x.shape), s);

        Tensor a = new IntegratedGradientsAttribution(256).Attribute(net, x, s, baseline);

        double error = ((a.flatten(1).sum(1) - target).abs() / target.abs()).max().item<double>();
        output.WriteLine($"relative completeness error against a random baseline, 256 steps: {error:E3}");
        Assert.True(error < 1e-2, $"relative error {error}");
    }

    [Fact]
    public void Attributions_AreLinearInTheSelector()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer();
        Tensor x = BaselineModels.Input();
        Tensor s1 = BaselineModels.Region();
        Tensor s2 = BaselineModels.RandomSelector(41);

        foreach (AttributionMethod method in new AttributionMethod[] { new GradientAttribution(), new IntegratedGradientsAttribution(), new OcclusionAttribution() })
        {
            Tensor both = method.Attribute(net, x, s1 + s2);
            Tensor sum = method.Attribute(net, x, s1) + method.Attribute(net, x, s2);
            Assert.True(BaselineModels.MaxAbs(both) > 1e-3, method.Name);
            Assert.True(both.allclose(sum, rtol: 0, atol: 1e-10), $"{method.Name}: max difference {BaselineModels.MaxAbs(both - sum)}");
        }
    }

    [Fact]
    public void Occlusion_GivesZero_ToAChannelTheModelIgnores()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer(inChannels: 2);
        Tensor Model(Tensor input) => net.call(input.index_select(1, tensor(new long[] { 0, 2 })));
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.Region();

        Tensor a = new OcclusionAttribution().Attribute(Model, x, s);

        Assert.Equal(0, BaselineModels.MaxAbs(a[.., 1]));
        Assert.True(BaselineModels.MaxAbs(a[.., 0]) > 1e-3);
        Assert.True(BaselineModels.MaxAbs(a[.., 2]) > 1e-3);
    }

    [Fact]
    public void ModuleOverloads_LeaveParametersRequiresGradAndTrainingModeAsTheyWere()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer();
        (string Name, Tensor Parameter)[] parameters = [.. net.named_parameters()];
        parameters[1].Parameter.requires_grad_(false);
        bool[] requiresGrad = [.. parameters.Select(p => p.Parameter.requires_grad)];
        Tensor[] before = [.. parameters.Select(p => p.Parameter.detach().clone())];
        net.train();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.Region();
        var seen = new List<bool>();
        Tensor Probe(Tensor input)
        {
            seen.Add(parameters.Any(p => p.Parameter.requires_grad));
            return net.call(input);
        }

        foreach (AttributionMethod method in new AttributionMethod[] { new GradientAttribution(), new GradientTimesInputAttribution(), new IntegratedGradientsAttribution(8), new OcclusionAttribution() })
        {
            Tensor a = method.Attribute(net, x, s);
            Assert.True(BaselineModels.MaxAbs(a) > 1e-3, method.Name);
            Assert.True(net.training, $"{method.Name} left the module in evaluation mode");
            for (int i = 0; i < parameters.Length; i++)
            {
                Assert.Equal(requiresGrad[i], parameters[i].Parameter.requires_grad);
                Assert.True(parameters[i].Parameter.eq(before[i]).all().item<bool>(), $"{method.Name} changed {parameters[i].Name}");
                Tensor? grad = parameters[i].Parameter.grad;
                Assert.True(grad is null || grad.IsInvalid, $"{method.Name} left a gradient on {parameters[i].Name}");
            }
        }

        using (var frozen = new FrozenModule(net))
        {
            Probe(x);
            Assert.False(net.training);
        }

        Assert.Equal([false], seen);
        Assert.True(net.training);
        Assert.Equal(requiresGrad, parameters.Select(p => p.Parameter.requires_grad));
    }

    [Fact]
    public void Selector_MustHaveTheOutputShape()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = BaselineModels.TwoLayer();
        Tensor x = BaselineModels.Input();
        Tensor wrong = ones(1, 1, BaselineModels.Height, BaselineModels.Width, dtype: float64);

        foreach (AttributionMethod method in new AttributionMethod[] { new GradientAttribution(), new IntegratedGradientsAttribution(4), new OcclusionAttribution() })
        {
            Assert.Throws<ArgumentException>(() => method.Attribute(net, x, wrong));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new OcclusionAttribution(3, 3, strideHeight: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntegratedGradientsAttribution(0));
    }
}
