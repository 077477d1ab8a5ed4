using TorchSharp;
using Monitor.Core.Relevance.Baselines;
using Monitor.Core.Runtime;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Baselines;

/// <summary>
/// On a bias-free linear model f(x) = Σ_c w_c ⊙ x_c every method knows the exact answer: the gradient is w ⊙ s and
/// the contribution of x_c is w_c ⊙ x_c ⊙ s, which gradient × input, integrated gradients (zero baseline) and 1×1
/// occlusion must all return.
/// </summary>
public sealed class LinearModelTests
{
    [Fact]
    public void Gradient_EqualsWeightTimesSelector_Exactly()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        (Func<Tensor, Tensor> model, Tensor w) = BaselineModels.PerCellLinear();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.RandomSelector(21);

        Tensor gradient = new GradientAttribution().Attribute(model, x, s);

        Assert.Equal(x.shape, gradient.shape);
        Assert.True(gradient.eq(w.unsqueeze(0).mul(s)).all().item<bool>(), $"max difference {BaselineModels.MaxAbs(gradient - (w * s))}");
    }

    [Fact]
    public void Gradient_OfABiasFreeConv1x1_EqualsWeightTimesSelector()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> conv = BaselineModels.Conv1x1();
        Tensor w = conv.parameters().First().detach().view(1, BaselineModels.Channels, 1, 1);
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.RandomSelector(22);

        Tensor gradient = new GradientAttribution().Attribute(conv, x, s);

        Assert.True(gradient.allclose(w * s, rtol: 0, atol: 1e-14), $"max difference {BaselineModels.MaxAbs(gradient - (w * s))}");
    }

    [Fact]
    public void GradientTimesInput_IntegratedGradients_AndOcclusion1x1_EqualTheExactContribution()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        (Func<Tensor, Tensor> model, Tensor w) = BaselineModels.PerCellLinear();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.RandomSelector(23);
        Tensor exact = w.unsqueeze(0) * x * s;

        AttributionMethod[] methods =
        [
            new GradientTimesInputAttribution(),
            new IntegratedGradientsAttribution(),
            new IntegratedGradientsAttribution(steps: 5, stepsPerBatch: 2),
            new OcclusionAttribution(1, 1, patchesPerBatch: 7),
        ];
        foreach (AttributionMethod method in methods)
        {
            Tensor a = method.Attribute(model, x, s);
            Assert.Equal(x.shape, a.shape);
            Assert.True(a.allclose(exact, rtol: 0, atol: 1e-12), $"{method.Name}: max difference {BaselineModels.MaxAbs(a - exact)}");
        }
    }

    [Fact]
    public void AllMethods_OnAConv1x1Module_EqualTheExactContribution()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> conv = BaselineModels.Conv1x1();
        Tensor w = conv.parameters().First().detach().view(1, BaselineModels.Channels, 1, 1);
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.Region();
        Tensor exact = w * x * s;

        foreach (AttributionMethod method in new AttributionMethod[] { new GradientTimesInputAttribution(), new IntegratedGradientsAttribution(), new OcclusionAttribution(1, 1) })
        {
            Tensor a = method.Attribute(conv, x, s);
            Assert.True(a.allclose(exact, rtol: 0, atol: 1e-12), $"{method.Name}: max difference {BaselineModels.MaxAbs(a - exact)}");
        }
    }

    [Fact]
    public void Occlusion3x3_GivesEachCellTheMeanContributionOfItsPatch_ClippedAtTheEdges()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        (Func<Tensor, Tensor> model, Tensor w) = BaselineModels.PerCellLinear();
        Tensor x = BaselineModels.Input();
        Tensor s = BaselineModels.RandomSelector(24);
        double[] exact = (w.unsqueeze(0) * x * s).reshape(-1).data<double>().ToArray();
        int b = BaselineModels.Batch, c = BaselineModels.Channels, h = BaselineModels.Height, wd = BaselineModels.Width;
        var expected = new double[exact.Length];
        for (int n = 0; n < b * c; n++)
        {
            for (int top = 0; top < h; top += 3)
            {
                for (int left = 0; left < wd; left += 3)
                {
                    int bottom = Math.Min(top + 3, h), right = Math.Min(left + 3, wd);
                    double sum = 0;
                    for (int i = top; i < bottom; i++)
                    {
                        for (int j = left; j < right; j++)
                        {
                            sum += exact[(n * h * wd) + (i * wd) + j];
                        }
                    }

                    for (int i = top; i < bottom; i++)
                    {
                        for (int j = left; j < right; j++)
                        {
                            expected[(n * h * wd) + (i * wd) + j] = sum / ((bottom - top) * (right - left));
                        }
                    }
                }
            }
        }

        Tensor a = new OcclusionAttribution().Attribute(model, x, s);

        Tensor e = tensor(expected, dtype: float64).view(x.shape);
        Assert.True(a.allclose(e, rtol: 0, atol: 1e-12), $"max difference {BaselineModels.MaxAbs(a - e)}");
        Assert.True(BaselineModels.MaxAbs(a - (w * x * s)) > 1e-3, "3×3 patches must smooth the contributions");
    }

    [Fact]
    public void AllMethods_InFloat32_EqualTheExactContribution()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> conv = BaselineModels.Conv1x1();
        conv.to(float32);
        Tensor w = conv.parameters().First().detach().view(1, BaselineModels.Channels, 1, 1);
        Tensor x = BaselineModels.Input().to(float32);
        Tensor s = BaselineModels.Region().to(float32);
        Tensor exact = w * x * s;

        foreach (AttributionMethod method in new AttributionMethod[] { new GradientTimesInputAttribution(), new IntegratedGradientsAttribution(), new OcclusionAttribution(1, 1) })
        {
            Tensor a = method.Attribute(conv, x, s);
            Assert.Equal(ScalarType.Float32, a.dtype);
            Assert.True(a.allclose(exact, rtol: 0, atol: 1e-5), $"{method.Name}: max difference {BaselineModels.MaxAbs(a - exact)}");
        }
    }
}
