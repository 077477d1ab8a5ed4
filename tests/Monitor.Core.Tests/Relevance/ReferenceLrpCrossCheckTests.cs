using System.Buffers.Binary;
using System.Text.Json;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Relevance.Graph;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance;

/// <summary>
/// The relevance engine against an independent reference LRP (python/reference_lrp.py): written separately in Python
/// from the papers and docs/relevance.md, in the four-step autograd form of Montavon et al. 2019, run by Debian's
/// PyTorch 1.13 on the PyTorch twin (python/v2v_models.py) loaded strictly from the weights this test writes
/// (TorchSharp.PyBridge safetensors, read by python/plain_safetensors.py). Float64 networks whose weights, biases and
/// BatchNorm statistics are drawn from a seeded System.Random (U-Net width 4, depth 2, both layouts; ResNet width 6, 3 blocks;
/// 16 × 32 grid; reflect/circular and replicate/replicate padding), a 15-cell region across the date line (starting relevance mask ⊙ ŷ), every named
/// composite and LRP-0. z^B's bounds are passed explicitly to both sides as <see cref="InputBounds"/> (each channel's
/// minimum − 0.25 and maximum + 0.25 of the input, standing in for a model's recorded training extremes:
/// <c>BoundsSource</c> "model"), and once, for epsilon-gamma-box, taken from the input itself on both sides ("input").
/// <para>
/// Compared in float64 on both sides, so that any difference in a rule's arithmetic shows at 1e-15 instead of hiding
/// under float32 rounding (LRP-0 and small ε amplify rounding of z near 0 by 1/z; docs/relevance.md, "How the rules are
/// tested"); the float32 engine, the service's precision, is compared with the same float64 reference too.
/// Measured max |R_C# − R_Python| / max |R_Python| per map over both paddings (limit 1e-4), float64 / float32:
/// U-Net — layer-depth-signed 8.9e-15 / 4.7e-6, epsilon-gamma-box 7.7e-15 / 3.0e-6 (input's bounds 7.6e-15 / 3.0e-6),
/// epsilon-plus-flat 1.8e-14 / 4.4e-6, epsilon-alpha2-beta1-flat 1.1e-14 / 1.8e-6, layer-depth 1.1e-14 / 4.3e-6,
/// LRP-0 6.7e-15 / 4.2e-6; ResNet — layer-depth-signed 1.7e-15 / 7.2e-7, epsilon-gamma-box 8.6e-16 / 3.1e-7 (input's
/// bounds 1.3e-15 / 3.1e-7), epsilon-plus-flat 3.7e-16 / 1.3e-7, epsilon-alpha2-beta1-flat 7.4e-16 / 2.2e-7,
/// layer-depth 1.0e-15 / 3.8e-7, LRP-0 2.5e-15 / 7.5e-7; U-Net layout 2 (4×4 stride-2 downsampling, reflect/circular),
/// every composite: ≤ 1.7e-15 / 1.3e-6, against a reference point (float32 maps) ≤ 3.7e-8. Forward outputs agree to 2.2e-15.
/// </para>
/// </summary>
public sealed class ReferenceLrpCrossCheckTests : IDisposable
{
    private const double RelativeTolerance = 1e-4;
    private const int Height = 16, Width = 32;
    private readonly TemporaryDirectory _dir = new();
    private readonly ITestOutputHelper _output;

    public ReferenceLrpCrossCheckTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.Initialize();
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, PaddingMode, PaddingMode> Cases() => new()
    {
        { "unet", PaddingMode.Reflect, PaddingMode.Circular },
        { "unet", PaddingMode.Replicate, PaddingMode.Replicate },
        { "unet2", PaddingMode.Reflect, PaddingMode.Circular },
        { "resnet", PaddingMode.Reflect, PaddingMode.Circular },
        { "resnet", PaddingMode.Replicate, PaddingMode.Replicate },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNamedCompositeAndLrpZero_EqualTheIndependentPythonReference(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, latitude, longitude);
        var random = new Random(architecture == "unet" ? 31 : 37);
        Randomise(net, random);
        Tensor x = tensor(Normal(random, Networks.Channels * Height * Width, 1.0), [1, Networks.Channels, Height, Width], float64);
        Tensor y = Networks.Predict(net, x);
        Tensor mask = RegionAcrossTheDateLine();
        double[] low = PerChannel(x, minimum: true).Select(v => v - 0.25).ToArray();
        double[] high = PerChannel(x, minimum: false).Select(v => v + 0.25).ToArray();
        List<(Composite Composite, string Bounds)> explanations =
        [
            .. NamedComposite.All.Select(c => ((Composite)c, "given")),
            (CompositeCatalog.Resolve("zero"), "given"),
            (NamedComposite.EpsilonGammaBox, "input"),
        ];

        net.save_safetensors(_dir.File("weights.safetensors"));
        WriteDoubles(_dir.File("input.f64"), x);
        WriteDoubles(_dir.File("mask.f64"), mask);
        WriteCase(architecture, latitude, longitude, explanations.Select(e => (e.Composite.Name, e.Bounds)), low, high);
        using JsonDocument report = JsonDocument.Parse(PythonInterop.Run("lrp", _dir.Path));
        _output.WriteLine($"Python's rules ({explanations[0].Composite.Name}): {report.RootElement[0].GetProperty("rules")}");

        double[] theirOutput = ReadDoubles(_dir.File("output.f64"));
        double[] ourOutput = y.data<double>().ToArray();
        AssertClose(theirOutput, ourOutput, 1e-12, $"{architecture} forward");
        Tensor start = mask.mul(y);
        double scale = start.abs().max().item<double>();
        using nn.Module<Tensor, Tensor> net32 = Networks.Create(architecture, float64, zeroBias: false, latitude, longitude);
        net32.load_state_dict(net.state_dict());
        net32.to(float32);
        net32.eval();
        var failures = new List<string?>();
        for (int i = 0; i < explanations.Count; i++)
        {
            (Composite composite, string bounds) = explanations[i];
            InputBounds? given = bounds == "given" ? new InputBounds(low, high) : null;
            double[] theirs = ReadDoubles(_dir.File($"relevance-{i}.f64"));
            using (RelevanceExplainer explainer = RelevanceExplainer.For(net, composite, given))
            {
                double[] ours = explainer.Propagate(x, start).data<double>().ToArray();
                failures.Add(Compare(theirs, ours, scale, $"{architecture} {latitude}/{longitude} {composite.Name} (z^B bounds {bounds}, {explainer.BoundsSource}), float64"));
            }

            // The service's precision: the same network in float32 against the float64 reference.
            using (RelevanceExplainer explainer = RelevanceExplainer.For(net32, composite, given))
            {
                double[] ours = explainer.Propagate(x.to(float32), start.to(float32)).to(float64).data<double>().ToArray();
                failures.Add(Compare(theirs, ours, scale, $"{architecture} {latitude}/{longitude} {composite.Name} (z^B bounds {bounds}, {explainer.BoundsSource}), float32"));
            }
        }

        failures.RemoveAll(f => f is null);

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Reference-point LRP (relevance of mask ⊙ (ŷ(x) − ŷ(x_ref)), the rules on the differences of the kept values with
    /// biases dropped) against the Python reference's own reference-point walk, for the composites without z^B (the C#
    /// engine refuses z^B against a reference) and LRP-0. The C# maps are float32 (<see cref="Explanation"/> stores
    /// them so); the residual sums' split is unstabilised in C# and stabilised by 1e-9 in Python, which differs only
    /// where the branches' differences cancel to that size.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ReferencePointLrp_EqualsTheIndependentPythonReference(string architecture, PaddingMode latitude, PaddingMode longitude)
    {
        using IDisposable scope = NewDisposeScope();
        using nn.Module<Tensor, Tensor> net = Networks.Create(architecture, float64, zeroBias: false, latitude, longitude);
        var random = new Random(architecture == "unet" ? 41 : 43);
        Randomise(net, random);
        Tensor x = tensor(Normal(random, Networks.Channels * Height * Width, 1.0), [1, Networks.Channels, Height, Width], float64);
        Tensor xRef = tensor(Normal(random, Networks.Channels * Height * Width, 1.0), [1, Networks.Channels, Height, Width], float64);
        Tensor mask = RegionAcrossTheDateLine();
        Composite[] composites = [.. NamedComposite.All.Where(c => c != NamedComposite.EpsilonGammaBox && c != NamedComposite.LayerDepth), CompositeCatalog.Resolve("zero")];
        net.save_safetensors(_dir.File("weights.safetensors"));
        WriteDoubles(_dir.File("input.f64"), x);
        WriteDoubles(_dir.File("reference.f64"), xRef);
        WriteDoubles(_dir.File("mask.f64"), mask);
        double[] low = PerChannel(x, minimum: true), high = PerChannel(x, minimum: false);
        WriteCase(architecture, latitude, longitude, composites.Select(c => (c.Name, "given")), low, high);
        PythonInterop.Run("lrp", _dir.Path);

        bool[] cells = [.. mask.flatten().data<double>().ToArray().Select(v => v != 0)];
        Tensor difference = Networks.Predict(net, x).add(Networks.Predict(net, xRef).neg(), KeptScalars.One);
        double start = mask.mul(difference).abs().max().item<double>();
        var failures = new List<string?>();
        for (int i = 0; i < composites.Length; i++)
        {
            using RelevanceExplainer explainer = RelevanceExplainer.For(net, composites[i], bounds: null);
            using ForwardPass pass = explainer.Forward(x), reference = explainer.Forward(xRef);
            Explanation e = explainer.Explain(pass, reference, [Monitor.Core.Relevance.Selectors.RelevanceSelector.Region(cells, "across the date line")]);
            double[] ours = [.. e.Relevance.Select(v => (double)v)];
            failures.Add(Compare(ReadDoubles(_dir.File($"relevance-{i}.f64")), ours, start,
                $"{architecture} {latitude}/{longitude} {composites[i].Name} against x_ref (C# float32 maps)"));
        }

        failures.RemoveAll(f => f is null);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void TheReference_PassesItsOwnChecks()
    {
        using JsonDocument report = JsonDocument.Parse(PythonInterop.Run("lrp-selfcheck"));
        JsonElement root = report.RootElement;
        _output.WriteLine(root.ToString());

        // Its walk computes the twin's output; with zero biases LRP-0 is gradient × input and conserves relevance
        // (up to the residual sums' 1e-9 stabiliser); against a reference point LRP-0 conserves y(x) − y(x_ref), and with
        // zero biases and x_ref = 0 it is the plain LRP-0; every rule that conserves on a bias-free layer does (its first
        // z^B, which subtracted the bounds' terms twice, failed this with 0.26 and the comparison with C# by 2.1×).
        Assert.True(root.GetProperty("forward").GetDouble() <= 1e-12, "forward");
        Assert.True(root.GetProperty("lrp0_vs_gradient_x_input").GetDouble() <= 1e-6, "LRP-0 vs gradient × input");
        Assert.True(root.GetProperty("lrp0_conservation").GetDouble() <= 1e-6, "LRP-0 conservation");
        Assert.True(root.GetProperty("reference_conservation").GetDouble() <= 1e-6, "reference-point conservation");
        Assert.True(root.GetProperty("reference_at_zero_vs_plain").GetDouble() <= 1e-12, "reference point 0 vs plain");
        Assert.True(root.GetProperty("rule_conservation").GetDouble() <= 1e-9, "conservation of every rule on a bias-free layer");
    }

    /// <summary>
    /// Seeded weights from <paramref name="random"/>, not torch's global generator, which test classes running in
    /// parallel also draw from: He-normal convolutions, head weight N(0, 0.5²) and bias N(0, 0.2²), BatchNorm γ U(0.5, 1.5),
    /// β N(0, 0.2²), running mean N(0, 0.3²), running variance U(0.5, 2). Eval mode.
    /// </summary>
    private static void Randomise(nn.Module<Tensor, Tensor> net, Random random)
    {
        using IDisposable scope = NewDisposeScope();
        using (no_grad())
        {
            foreach ((string key, Tensor value) in net.state_dict().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                int count = (int)value.NumberOfElements;
                bool norm = key.Contains("norm.", StringComparison.Ordinal);
                double[]? values = key switch
                {
                    _ when key.EndsWith("num_batches_tracked", StringComparison.Ordinal) => null,
                    _ when norm && key.EndsWith(".weight", StringComparison.Ordinal) => Uniform(random, count, 0.5, 1.5),
                    _ when norm && key.EndsWith(".bias", StringComparison.Ordinal) => Normal(random, count, 0.2),
                    _ when key.EndsWith("running_mean", StringComparison.Ordinal) => Normal(random, count, 0.3),
                    _ when key.EndsWith("running_var", StringComparison.Ordinal) => Uniform(random, count, 0.5, 2.0),
                    "head.weight" => Normal(random, count, 0.5),
                    "head.bias" => Normal(random, count, 0.2),
                    _ => Normal(random, count, Math.Sqrt(2.0 / (value.shape[1] * value.shape[2] * value.shape[3]))),
                };
                if (values is not null)
                {
                    value.copy_(tensor(values, value.shape, float64));
                }
            }
        }

        net.eval();
    }

    private static double[] Uniform(Random random, int count, double low, double high) =>
        Enumerable.Range(0, count).Select(_ => low + ((high - low) * random.NextDouble())).ToArray();

    /// <summary>N(0, σ²) by Box–Muller.</summary>
    private static double[] Normal(Random random, int count, double sigma) =>
        Enumerable.Range(0, count)
            .Select(_ => sigma * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()))
            .ToArray();

    /// <summary>Rows 5–9, columns 30, 31, 0 (15 cells): circular longitude padding carries relevance across the seam.</summary>
    private static Tensor RegionAcrossTheDateLine()
    {
        Tensor mask = zeros(1, 1, Height, Width, dtype: float64);
        foreach (int column in new[] { Width - 2, Width - 1, 0 })
        {
            mask[0, 0, TensorIndex.Slice(5, 10), column] = tensor(1.0, float64);
        }

        return mask;
    }

    private static double[] PerChannel(Tensor x, bool minimum)
    {
        Tensor perChannel = x.transpose(0, 1).reshape(x.shape[1], -1);
        return (minimum ? perChannel.amin([1L]) : perChannel.amax([1L])).data<double>().ToArray();
    }

    /// <summary>case.json for interop.py lrp: the twin's model.json fields, the shape, the explanations, the bounds.</summary>
    private void WriteCase(string architecture, PaddingMode latitude, PaddingMode longitude,
        IEnumerable<(string Composite, string Bounds)> explanations, double[] low, double[] high)
    {
        var document = new Dictionary<string, object>
        {
            ["model"] = new Dictionary<string, object>
            {
                ["inputs"] = Enumerable.Range(0, Networks.Channels).Select(c => $"x{c}").ToArray(),
                ["architecture"] = architecture == "unet2" ? "unet" : architecture,
                ["architectureVersion"] = architecture == "unet2" ? 2 : 1,
                ["width"] = architecture == "resnet" ? 6 : 4,   // as Networks builds them
                ["depth"] = 2,
                ["blocks"] = 3,
                ["latitudePadding"] = latitude.ToString(),
                ["longitudePadding"] = longitude.ToString(),
                ["grid"] = new Dictionary<string, int> { ["latitudeCount"] = Height, ["longitudeCount"] = Width },
            },
            ["shape"] = new[] { 1, Networks.Channels, Height, Width },
            ["explanations"] = explanations.Select(e => new Dictionary<string, string> { ["composite"] = e.Composite, ["bounds"] = e.Bounds }).ToArray(),
            ["bounds"] = new Dictionary<string, double[]> { ["low"] = low, ["high"] = high },
        };
        File.WriteAllText(_dir.File("case.json"), JsonSerializer.Serialize(document));
    }

    private void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(double.IsFinite(v)));
        double scale = expected.Max(Math.Abs);
        double difference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        _output.WriteLine($"{what}: max |Python| {scale:G4}, max |difference| {difference:E2}, relative {difference / scale:E2}");
        Assert.True(scale > 0.01, $"{what}: the reference output is nearly zero (max {scale}); the comparison would prove little");
        Assert.True(difference <= tolerance * scale, $"{what}: max difference {difference:E3} exceeds {tolerance} × {scale:G4}");
    }

    /// <summary>
    /// Null when max |ours − Python| ≤ 1e-4 × max |Python| and the map is finite and not ~0 (max |R| ≥ 1e-3 of the
    /// largest starting relevance <paramref name="start"/>), else why not.
    /// </summary>
    private string? Compare(double[] expected, double[] actual, double start, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        double difference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        _output.WriteLine($"{what}: max |Python| {scale:G4}, max |difference| {difference:E2}, relative {difference / scale:E2}");
        if (!actual.All(double.IsFinite) || !(scale >= 1e-3 * start))
        {
            return $"{what}: non-finite relevance or a reference map that is nearly zero (max {scale}, start {start}), which would prove little";
        }

        return difference <= RelativeTolerance * scale ? null : $"{what}: max difference {difference:E3} exceeds {RelativeTolerance} × {scale:G4}";
    }

    private static void WriteDoubles(string path, Tensor values)
    {
        double[] data = values.contiguous().data<double>().ToArray();
        var bytes = new byte[data.Length * sizeof(double)];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), data[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static double[] ReadDoubles(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var values = new double[bytes.Length / sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)));
        }

        return values;
    }
}
