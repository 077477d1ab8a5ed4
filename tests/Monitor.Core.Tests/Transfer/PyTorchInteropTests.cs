using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Transfer;

/// <summary>
/// The transfer models against their PyTorch twins (python/v2v_models.py, Debian's python3-torch), with weights
/// written and read by a plain-Python safetensors implementation (python/plain_safetensors.py) — neither our code
/// nor TorchSharp.PyBridge. Python runs as /usr/bin/python3 (Debian's interpreter, with numpy and torch).
/// </summary>
public sealed class PyTorchInteropTests : IDisposable
{
    private const double RelativeTolerance = 1e-5;
    private static readonly CycleId Cycle = CycleId.Parse("2026112500");
    private static readonly int[] Leads = [0, 6, 12];
    private static readonly VariableId Msl = new("msl");
    private readonly TemporaryDirectory _dir = new();
    private readonly ITestOutputHelper _output;

    public PyTorchInteropTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.Initialize();
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Architecture.UNet, true)]
    [InlineData(Architecture.UNet, true, UNet.PhaseSymmetricVersion)]
    [InlineData(Architecture.ResNet, true)]
    [InlineData(Architecture.Linear, false)]
    public void StateDict_KeysShapesAndDtypes_AreThoseOfThePyTorchTwin(Architecture architecture, bool global, int version = UNet.OriginalVersion)
    {
        ModelSpec spec = Spec(architecture, global, version: version);
        spec.Save(_dir.Path);
        using TransferModel model = TransferModel.Create(spec, seed: 1);

        string[] ours = model.Network.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}] {DtypeCode(p.Value.dtype)}").ToArray();
        using JsonDocument twin = JsonDocument.Parse(PythonInterop.Run("keys", _dir.Path));
        string[] theirs = twin.RootElement.EnumerateArray()
            .Select(e => $"{e[0].GetString()} [{string.Join(", ", e[1].EnumerateArray().Select(d => d.GetInt64()))}] {e[2].GetString()}")
            .ToArray();

        // TorchSharp lists all parameters before all buffers, PyTorch module by module; names are what loading matches.
        _output.WriteLine(string.Join('\n', ours));
        Assert.Equal(theirs.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Architecture.UNet, true, false)]
    [InlineData(Architecture.UNet, false, false)]
    [InlineData(Architecture.UNet, true, true)]
    [InlineData(Architecture.UNet, false, true)]
    [InlineData(Architecture.UNet, true, false, UNet.PhaseSymmetricVersion)]
    [InlineData(Architecture.UNet, false, true, UNet.PhaseSymmetricVersion)]
    [InlineData(Architecture.ResNet, true, false)]
    [InlineData(Architecture.ResNet, false, false)]
    [InlineData(Architecture.ResNet, false, true)]
    [InlineData(Architecture.Linear, false, false)]
    public void Import_WeightsWrittenFromPyTorch_PredictAsPyTorchDoes(Architecture architecture, bool global, bool oddGrid, int version = UNet.OriginalVersion)
    {
        ModelSpec spec = Spec(architecture, global, oddGrid, version);
        CycleData data = Data(spec.Grid);
        spec.Save(_dir.Path);
        WriteFloats(_dir.File("inputs.f32"), StandardisedInputs(spec, data));

        PythonInterop.Run("export", _dir.Path, "11", _dir.File("inputs.f32"), _dir.File("outputs.f32"));
        using TransferModel model = TransferModel.Load(_dir.Path);
        float[] ours = model.Predict(data, batchSize: 2);

        AssertClose(ReadFloats(_dir.File("outputs.f32")), ours, $"import {architecture} {(global ? "global" : "regional")} {spec.Grid.LatitudeCount}×{spec.Grid.LongitudeCount}");
        Assert.All(model.Network.state_dict().Where(p => p.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal)),
            p => Assert.Equal(11L, p.Value.item<long>()));   // the export set them to the seed
    }

    [Theory]
    [InlineData(Architecture.UNet, true, false)]
    [InlineData(Architecture.UNet, false, false)]
    [InlineData(Architecture.UNet, true, true)]
    [InlineData(Architecture.UNet, false, true)]
    [InlineData(Architecture.UNet, true, false, UNet.PhaseSymmetricVersion)]
    [InlineData(Architecture.UNet, true, true, UNet.PhaseSymmetricVersion)]
    [InlineData(Architecture.ResNet, true, false)]
    [InlineData(Architecture.ResNet, false, false)]
    [InlineData(Architecture.ResNet, true, true)]
    [InlineData(Architecture.Linear, false, false)]
    [InlineData(Architecture.Linear, false, true)]
    public void Export_WeightsSavedHere_LoadStrictlyIntoThePyTorchTwin_AndPredictAlike(Architecture architecture, bool global, bool oddGrid, int version = UNet.OriginalVersion)
    {
        ModelSpec spec = Spec(architecture, global, oddGrid, version);
        CycleData data = Data(spec.Grid);
        using TransferModel model = TransferModel.Create(spec, seed: 5);
        Perturb(model, spec);
        float[] ours = model.Predict(data, batchSize: 2);
        model.Save(_dir.Path);
        WriteFloats(_dir.File("inputs.f32"), StandardisedInputs(spec, data));

        using JsonDocument report = JsonDocument.Parse(PythonInterop.Run("forward", _dir.Path, _dir.File("inputs.f32"), _dir.File("outputs.f32")));

        AssertClose(ReadFloats(_dir.File("outputs.f32")), ours, $"export {architecture} {(global ? "global" : "regional")} {spec.Grid.LatitudeCount}×{spec.Grid.LongitudeCount}");
        JsonElement tracked = report.RootElement.GetProperty("num_batches_tracked");
        Assert.All(tracked.EnumerateObject(), p => Assert.Equal(2, p.Value.GetInt64()));   // two training-mode passes in Perturb
        int batchNorms = architecture switch
        {
            Architecture.UNet => 2 + (5 * spec.Depth),   // stem 2, down 2 each, up 3 each
            Architecture.ResNet => 1 + (2 * spec.Blocks),  // stem 1, 2 per residual block
            _ => 0,
        };
        Assert.Equal(batchNorms, tracked.EnumerateObject().Count());
    }

    [Fact]
    public void Save_WritesTheSafetensorsLayout_F32TensorsAndI64BatchCounters_InStateDictOrder()
    {
        ModelSpec spec = Spec(Architecture.UNet, global: true);
        using TransferModel model = TransferModel.Create(spec, seed: 2);
        model.Save(_dir.Path);
        byte[] file = File.ReadAllBytes(_dir.File(TransferModel.WeightsFileName));

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        string json = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        using JsonDocument header = JsonDocument.Parse(json);
        Dictionary<string, Tensor> state = model.Network.state_dict();
        JsonProperty[] entries = header.RootElement.EnumerateObject().ToArray();

        Assert.Equal(state.Keys, entries.Select(e => e.Name));   // no __metadata__, state_dict order
        Assert.DoesNotContain(' ', json);                        // compact JSON, no alignment padding
        long position = 0, dataStart = 8 + (long)headerLength;
        foreach (JsonProperty entry in entries)
        {
            Tensor tensor = state[entry.Name];
            bool counter = entry.Name.EndsWith(".num_batches_tracked", StringComparison.Ordinal);
            Assert.Equal(counter ? "I64" : "F32", entry.Value.GetProperty("dtype").GetString());
            Assert.Equal(tensor.shape, entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            Assert.Equal(counter, tensor.shape.Length == 0);
            long[] offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal([position, position + (tensor.NumberOfElements * tensor.ElementSize)], offsets);
            Assert.Equal(tensor.bytes.ToArray(), file[(int)(dataStart + offsets[0])..(int)(dataStart + offsets[1])]);
            position = offsets[1];
        }

        Assert.Equal(file.Length, dataStart + position);   // data section covered exactly
        _output.WriteLine($"{entries.Length} tensors, header {headerLength} bytes, data {position} bytes; header begins {json[..240]}");
    }

    [Theory]
    [InlineData("drop", "head.bias", null)]
    [InlineData("drop", "blocks.0.norm.num_batches_tracked", null)]
    [InlineData("add", "head.extra", null)]
    [InlineData("reshape", "head.bias", "2")]
    [InlineData("reshape", "stem.conv.weight", "4,3,9")]
    [InlineData("reshape", "blocks.1.conv.weight", "4,4,9,1")]
    [InlineData("reshape", "blocks.0.norm.weight", "1")]
    [InlineData("reshape", "stem.conv.weight", "3,3,3")]
    [InlineData("reshape", "blocks.0.norm.num_batches_tracked", "1")]
    public void Load_WeightsWithAMissingExtraOrMisshapenKey_RefusedNamingTheFile(string action, string key, string? shape)
    {
        using (TransferModel model = TransferModel.Create(Spec(Architecture.ResNet, global: false), seed: 4))
        {
            model.Save(_dir.Path);
        }

        string weights = _dir.File(TransferModel.WeightsFileName);
        string[] rewrite = shape is null ? ["rewrite", weights, weights, action, key] : ["rewrite", weights, weights, action, key, shape];
        PythonInterop.Run(rewrite);

        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => TransferModel.Load(_dir.Path));

        _output.WriteLine(error.Message);
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_PyTorchDefinition_IsTheTwinFileVerbatim()
    {
        string twin = File.ReadAllText(Path.Combine(PythonInterop.Directory, "v2v_models.py"));
        string docs = File.ReadAllText(Path.Combine(PythonInterop.Directory, "..", "docs", "models.md"));

        Assert.Contains("```python\n" + twin + "```", docs, StringComparison.Ordinal);
    }

    /// <summary>
    /// Small models: U-Net of depth 2 and ResNet of 2 blocks, width 4, on 8×12 grids (global: 30° columns), or with
    /// <paramref name="oddGrid"/> on grids whose sides are not multiples of 4 (global 9×15 with 24° columns, regional
    /// 11×13), which the U-Net pads to 12×16 and crops back.
    /// </summary>
    private static ModelSpec Spec(Architecture architecture, bool global, bool oddGrid = false, int version = UNet.OriginalVersion)
    {
        GridSpec grid = (global, oddGrid) switch
        {
            (true, false) => new GridSpec(77, 22, 8, 0, 30, 12),
            (false, false) => new GridSpec(60, 2, 8, -20, 2, 12),
            (true, true) => new GridSpec(80, 20, 9, 0, 24, 15),
            (false, true) => new GridSpec(60, 2, 11, -20, 2, 13),
        };
        (PaddingMode latitude, PaddingMode longitude) = ModelSpec.PaddingFor(grid);
        return new ModelSpec
        {
            Name = $"interop-{architecture}",
            Target = "t2m",
            Inputs = ["msl", "orography", "lsm"],
            Architecture = architecture,
            Width = 4,
            Depth = 2,
            ArchitectureVersion = version,
            Blocks = 2,
            Grid = grid,
            LatitudePadding = latitude,
            LongitudePadding = longitude,
            Standardisation = new Dictionary<string, Standardisation>
            {
                // Identity for the target, so predictions are the network's output itself.
                ["t2m"] = new([0.0], [1.0]),
                ["msl"] = new([101000.0], [1000.0]),
                ["orography"] = new([500.0], [700.0]),
                ["lsm"] = new([0.5], [0.5]),
            },
        };
    }

    /// <summary>A cycle of random but plausible msl, orography and land–sea mask (fixed seed, no NaN).</summary>
    private static CycleData Data(GridSpec grid)
    {
        var random = new Random(17);
        int cells = grid.CellCount;
        float[] msl = Enumerable.Range(0, Leads.Length * cells).Select(_ => (float)(99000 + (4000 * random.NextDouble()))).ToArray();
        float[] orography = Enumerable.Range(0, cells).Select(_ => (float)(3000 * random.NextDouble() * random.NextDouble())).ToArray();
        float[] lsm = Enumerable.Range(0, cells).Select(_ => random.NextDouble() < 0.4 ? 1f : 0f).ToArray();
        return new CycleData(Cycle, grid, Leads, [Msl], msl, new StaticFields(grid, orography, lsm));
    }

    /// <summary>The network inputs <c>[lead, channel, lat, lon]</c>, standardised here rather than by the model.</summary>
    private static float[] StandardisedInputs(ModelSpec spec, CycleData data)
    {
        int cells = data.Grid.CellCount, channels = spec.Inputs.Count;
        var inputs = new float[Leads.Length * channels * cells];
        for (int lead = 0; lead < Leads.Length; lead++)
        {
            for (int c = 0; c < channels; c++)
            {
                string name = spec.Inputs[c];
                ReadOnlySpan<float> field = name switch
                {
                    "orography" => data.Statics!.OrographyM,
                    "lsm" => data.Statics!.LandSeaMask,
                    _ => data.Field(lead, data.IndexOf(new VariableId(name))),
                };
                spec.Standardisation[name].Apply(field, data.Grid.LongitudeCount, inputs.AsSpan(((lead * channels) + c) * cells, cells));
            }
        }

        return inputs;
    }

    /// <summary>
    /// Makes every number in the state dict non-trivial: parameters shifted by seeded noise, BatchNorm running
    /// statistics from two training-mode passes (num_batches_tracked = 2), then eval mode.
    /// </summary>
    private static void Perturb(TransferModel model, ModelSpec spec)
    {
        using IDisposable scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (TorchSharp.Modules.Parameter parameter in model.Network.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.3);
            }

            model.Network.train();
            for (int pass = 0; pass < 2; pass++)
            {
                model.Network.call((randn(4, spec.Inputs.Count, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount) * 1.5) + 0.3);
            }
        }

        model.Network.eval();
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        double scale = expected.Max(v => Math.Abs((double)v));
        double difference = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        _output.WriteLine($"{what}: {expected.Length} values, max |PyTorch| {scale:G4}, max |difference| {difference:E2}, relative {difference / scale:E2}");
        Assert.True(scale > 0.1, $"{what}: the reference output is nearly zero (max {scale}); the comparison would prove little");
        Assert.True(difference <= RelativeTolerance * scale, $"{what}: max difference {difference:E3} exceeds {RelativeTolerance} × {scale:G4}");
    }

    private static string DtypeCode(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Int64 => "I64",
        _ => dtype.ToString(),
    };

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }
}
