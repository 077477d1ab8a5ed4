using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Relevance.Graph;
using Monitor.Core.Transfer;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance;

/// <summary>One kept forward pass serves a prediction and any number of explanations of its input.</summary>
public sealed class ForwardPassTests
{
    [Fact]
    public void ExplanationsFromOneForwardPass_EqualPropagationWithItsOwn()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.UNet(float32, zeroBias: false, PaddingMode.Reflect, PaddingMode.Circular);
        Tensor x = Networks.Input(float32, 16, 32);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Default, bounds: null);
        RelevanceSelector[] selectors = [Cell(3, 5), Cell(12, 31), Cell(8, 16)];

        ForwardPass pass;
        using (NewDisposeScope())
        {
            // The pass outlives the scope it was made in.
            pass = explainer.Forward(x);
        }

        using (pass)
        {
            Tensor expected = Networks.Predict(net, x);

            Assert.True(pass.Output.sub(expected).abs().max().item<float>() <= 1e-5f * expected.abs().max().item<float>());
            foreach (RelevanceSelector[] selection in new[] { selectors, [selectors[1]], [selectors[2], selectors[0]] })
            {
                Explanation fromPass = explainer.Explain(pass, selection);
                for (int k = 0; k < selection.Length; k++)
                {
                    // Reference: the explainer's own forward and backward on the selection's starting relevance.
                    Tensor reference = explainer.Propagate(x, selection[k].InitialRelevance(expected));
                    for (int c = 0; c < fromPass.Channels; c++)
                    {
                        float[] a = reference[0, c].flatten().data<float>().ToArray(), b = fromPass.Map(k, c).ToArray();
                        float scale = a.Max(Math.Abs);
                        Assert.True(scale > 0 && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-4f * scale), $"selection {k}, input {c}");
                    }
                }
            }

            using RelevanceExplainer other = RelevanceExplainer.For(net, CompositeCatalog.Default, bounds: null);
            Assert.Throws<ArgumentException>(() => other.Explain(pass, selectors));
        }

        Assert.Throws<ObjectDisposedException>(() => explainer.Explain(pass, selectors));
    }

    private static RelevanceSelector Cell(int row, int column)
    {
        var mask = new bool[16 * 32];
        mask[(row * 32) + column] = true;
        return RelevanceSelector.Region(mask, $"cell {row},{column}");
    }
}
