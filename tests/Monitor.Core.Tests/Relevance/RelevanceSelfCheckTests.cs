using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Runtime.Kernels;
using Monitor.Core.Tests.Relevance.Graph;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance;

/// <summary>The relevance engine's own checks: they pass on right kernels and stop a wrong kernel with the layer named.</summary>
[Collection(SeededWeightsGroup.Name)]
public sealed class RelevanceSelfCheckTests
{
    public RelevanceSelfCheckTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("unet")]
    [InlineData("resnet")]
    [InlineData("linear")]
    public void Adjoints_OfEveryLayer_PassOnRightKernels(string architecture)
    {
        using IDisposable scope = NewDisposeScope();
        using RelevanceGraph graph = RelevanceGraph.Build(Networks.Create(architecture, float32, false, PaddingMode.Reflect, PaddingMode.Circular));

        RelevanceSelfCheck.Adjoints(graph);
    }

    [Fact]
    public void Adjoints_WithAWrongTransposedConvolution_FailNamingTheLayer()
    {
        using IDisposable scope = NewDisposeScope();
        using RelevanceGraph graph = RelevanceGraph.Build(Networks.UNet(float32, zeroBias: false));
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.Everywhere);

        var ex = Assert.Throws<RelevanceSelfCheckException>(() => RelevanceSelfCheck.Adjoints(graph));

        Assert.Contains("Layer 'stem_first.conv' (Conv2d): the adjoint is not the transpose of its forward map", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explainer_ForAFreshNetworkWithAWrongKernel_CannotBeBuilt()
    {
        using IDisposable scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> network = Networks.ResNet(float32, zeroBias: false, seed: 31);
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.Everywhere);

        Assert.Throws<RelevanceSelfCheckException>(() => RelevanceExplainer.For(network, CompositeCatalog.Default, null));
    }

    [Fact]
    public void Forward_WhenTheGraphDisagreesWithTheNetwork_Fails()
    {
        using IDisposable scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> network = Networks.UNet(float32, zeroBias: false);
        using RelevanceGraph graph = RelevanceGraph.Build(network);
        Tensor input = Networks.Input(float32);
        Tensor output = graph.Forward(input)[^1];

        RelevanceSelfCheck.Forward(network, input, output);
        var ex = Assert.Throws<RelevanceSelfCheckException>(() => RelevanceSelfCheck.Forward(network, input, output * 1.001f));
        Assert.Contains("forward output differs from the network's", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Architecture.UNet)]
    [InlineData(Architecture.ResNet)]
    public void LrpZero_AgainstFloat64GradientTimesInput_PassesAndCatchesAWrongAdjoint(Architecture architecture)
    {
        using TransferModel model = TransferModel.Create(SmallModels.Spec(architecture), seed: 5);
        using IDisposable scope = NewDisposeScope();
        model.Network.eval();
        using nn.Module<Tensor, Tensor> copy = model.Float64Copy();
        Tensor input = randn(1, 3, SmallModels.Grid.LatitudeCount, SmallModels.Grid.LongitudeCount);

        RelevanceSelfCheck.LrpZero(model.Network, copy, input);
        using IDisposable fault = KernelFaultInjection.Inject(KernelFault.Everywhere);
        var ex = Assert.Throws<RelevanceSelfCheckException>(() => RelevanceSelfCheck.LrpZero(model.Network, copy, input));
        Assert.Contains("LRP-0 through the relevance graph differs from gradient × input of the float64 network", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckWindow_OfALargeGrid_IsACentredWindowThatTheLrpZeroCheckPassesOn()
    {
        using IDisposable scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> unet = Networks.UNet(float32, zeroBias: false);
        Tensor large = randn(1, Networks.Channels, 160, 352), small = randn(1, Networks.Channels, 8, 12);

        Tensor window = RelevanceSelfCheck.CheckWindow(large);

        Assert.Equal([1, Networks.Channels, RelevanceSelfCheck.CheckRows, RelevanceSelfCheck.CheckColumns], window.shape);
        Assert.Equal(small.shape, RelevanceSelfCheck.CheckWindow(small).shape);
        Assert.True(window.equal(large[.., .., 48..96, 128..224]).all().item<bool>(), "the window sits at the grid's centre, aligned to 16 cells");
        // The same seeded network again, converted to float64 exactly (float32 values are float64 values).
        using nn.Module<Tensor, Tensor> copy = Networks.UNet(float32, zeroBias: false);
        copy.to(float64);
        RelevanceSelfCheck.LrpZero(unet, copy, window);
    }

    [Fact]
    public void Float64Copy_ComputesWhatTheModelComputes_AndLeavesTheRandomStateAlone()
    {
        using TransferModel model = TransferModel.Create(SmallModels.Spec(Architecture.UNet), seed: 6);
        using IDisposable scope = NewDisposeScope();
        model.Network.eval();
        Tensor input = randn(1, 3, SmallModels.Grid.LatitudeCount, SmallModels.Grid.LongitudeCount);
        random.manual_seed(99);
        Tensor expectedDraw = rand(3);
        random.manual_seed(99);

        using nn.Module<Tensor, Tensor> copy = model.Float64Copy();
        Tensor draw = rand(3);

        Assert.Equal(expectedDraw.data<float>().ToArray(), draw.data<float>().ToArray());
        using (no_grad())
        {
            Tensor single = model.Network.call(input).to(float64);
            Tensor twin = copy.call(input.to(float64));
            Assert.Equal(ScalarType.Float64, twin.dtype);
            Assert.True((single - twin).abs().max().item<double>() <= 1e-5 * twin.abs().max().item<double>());
        }
    }

    [Fact]
    public void ExplainerForAModel_RunsEveryCheckOnItsFirstExplanation()
    {
        using TransferModel model = TransferModel.Create(SmallModels.Spec(Architecture.ResNet, width: 5), seed: 7);
        using IDisposable scope = NewDisposeScope();
        model.Network.eval();
        Tensor input = randn(1, 3, SmallModels.Grid.LatitudeCount, SmallModels.Grid.LongitudeCount);
        bool[] mask = new bool[SmallModels.Grid.CellCount];
        mask[40] = true;

        using (KernelFaultInjection.Inject(KernelFault.Everywhere))
        {
            // The adjoint check runs when the explainer is built; the fault stops it there.
            Assert.Throws<RelevanceSelfCheckException>(() => RelevanceExplainer.For(model, CompositeCatalog.Default));
        }

        using RelevanceExplainer explainer = RelevanceExplainer.For(model, CompositeCatalog.Default);
        Explanation explanation = explainer.Explain(input, [RelevanceSelector.Region(mask, "t2m at one cell")]);
        Assert.All(explanation.Relevance, r => Assert.True(float.IsFinite(r)));
    }
}
