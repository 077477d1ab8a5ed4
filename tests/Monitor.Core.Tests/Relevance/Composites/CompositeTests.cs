using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;

namespace Monitor.Core.Tests.Relevance.Composites;

/// <summary>Composites choose the documented rule per layer; custom maps read from JSON; bad names are named.</summary>
public sealed class CompositeTests
{
    private static readonly InputBounds Bounds = new([-3.0, -2.0], [3.0, 4.0]);

    private static LayerInfo Layer(string name, int index, int count = 10) => new(name, LinearLayerKind.Conv2d, index, count);

    [Theory]
    [InlineData("epsilon-gamma-box", "zbox", "gamma", "epsilon")]
    [InlineData("epsilon-plus-flat", "flat", "zplus", "epsilon")]
    [InlineData("epsilon-alpha2-beta1-flat", "flat", "alpha2beta1", "epsilon")]
    public void NamedComposites_InputHiddenOutput(string name, string input, string hidden, string output)
    {
        Composite composite = CompositeCatalog.Resolve(name);
        Assert.Equal(input, composite.RuleFor(Layer("stem.conv", 0), Bounds).Name);
        Assert.Equal(hidden, composite.RuleFor(Layer("blocks.0.conv", 4), Bounds).Name);
        Assert.Equal(output, composite.RuleFor(Layer("head", 9), Bounds).Name);
    }

    [Fact]
    public void LayerDepth_BoxGammaEpsilonZeroByDepth()
    {
        Composite composite = NamedComposite.LayerDepth;
        string[] rules = Enumerable.Range(0, 10).Select(i => composite.RuleFor(Layer($"l{i}", i), Bounds).Name).ToArray();
        // Relative depth i / 9: below 1/3 γ, below 2/3 ε, above LRP-0.
        Assert.Equal(["zbox", "gamma", "gamma", "epsilon", "epsilon", "epsilon", "lrp-0", "lrp-0", "lrp-0", "lrp-0"], rules);
        var box = (BoxRule)composite.RuleFor(Layer("l0", 0), Bounds);
        Assert.Equal([-3.0, -2.0], box.Low);
        Assert.Equal([3.0, 4.0], box.High);
        Assert.Equal(0.25, ((EpsilonRule)composite.RuleFor(Layer("l5", 5), Bounds)).Epsilon);
    }

    [Fact]
    public void LayerDepthSigned_IsLayerDepthWithLrpZeroAtTheInput_AndTheDefault()
    {
        Composite signed = NamedComposite.LayerDepthSigned;
        string[] rules = Enumerable.Range(0, 10).Select(i => signed.RuleFor(Layer($"l{i}", i), Bounds).Name).ToArray();
        Assert.Equal(["lrp-0", "gamma", "gamma", "epsilon", "epsilon", "epsilon", "lrp-0", "lrp-0", "lrp-0", "lrp-0"], rules);
        Assert.Same(signed, CompositeCatalog.Default);
        Assert.Same(signed, CompositeCatalog.Resolve("layer-depth-signed"));
    }

    [Fact]
    public void SingleLayerNetwork_TakesTheInputRule()
        => Assert.Equal("zbox", NamedComposite.EpsilonGammaBox.RuleFor(new LayerInfo("linear", LinearLayerKind.PerCell, 0, 1), Bounds).Name);

    [Fact]
    public void CustomComposite_FromJson_FirstMatchWins()
    {
        string path = Path.Combine(Path.GetTempPath(), $"composite-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"input": "zbox", "output": "epsilon:0.5", "down.*": "gamma:0.1", "up.*.upsample": "alphabeta:1,0", "*": "zero"}""");
        try
        {
            Composite composite = CompositeCatalog.Resolve(path);
            Assert.Equal("zbox", composite.RuleFor(Layer("stem_first.conv", 0), Bounds).Name);
            Assert.Equal(0.1, ((GammaRule)composite.RuleFor(Layer("down.1.second.conv", 5), Bounds)).Gamma);
            Assert.Equal("alpha1beta0", composite.RuleFor(Layer("up.0.upsample", 6), Bounds).Name);
            Assert.Equal("lrp-0", composite.RuleFor(Layer("up.0.first.conv", 7), Bounds).Name);
            Assert.Equal(0.5, ((EpsilonRule)composite.RuleFor(Layer("head", 9), Bounds)).Epsilon);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CustomComposite_WithoutARuleForALayer_NamesTheLayer()
    {
        var composite = new CustomComposite("partial", [KeyValuePair.Create("down.*", "gamma")]);
        FormatException e = Assert.Throws<FormatException>(() => composite.RuleFor(Layer("up.0.upsample", 6), Bounds));
        Assert.Contains("up.0.upsample", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gama", "gama")]
    [InlineData("alphabeta:1,1", "α − β = 1")]
    [InlineData("epsilon:x", "'x' is not a number")]
    [InlineData("zbox", "z^B")]
    public void BadNames_AreExplained(string name, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => CompositeCatalog.Resolve(name));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
