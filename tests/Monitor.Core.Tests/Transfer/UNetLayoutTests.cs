using System.Text.Json.Nodes;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Transfer;

/// <summary>
/// The U-Net layouts (docs/models.md, "U-Net layouts"): the phase-symmetric one commutes with mirroring the grid, the
/// original one does not; old model.json files without <c>architectureVersion</c> keep their layout.
/// </summary>
[Collection(SeededWeightsGroup.Name)]
public sealed class UNetLayoutTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Mirror equivariance: a U-Net whose every kernel is mirrored, run on the mirrored field, gives the mirrored output
    /// — exactly (float64) in layout 2, whose coarse grids map onto themselves under mirroring; in layout 1 the
    /// stride-2 3×3 convolutions sample the other phase after mirroring, and the outputs differ (measured: 1.3e-4 of an
    /// output of 0.26 for freshly initialised weights, 10⁸ times the float64 rounding of the layout-2 comparison).
    /// </summary>
    [Theory]
    [InlineData(UNet.PhaseSymmetricVersion, true)]
    [InlineData(UNet.OriginalVersion, false)]
    public void MirroredKernels_OnMirroredFields_GiveTheMirroredOutput_OnlyInThePhaseSymmetricLayout(int version, bool equivariant)
    {
        using IDisposable scope = NewDisposeScope();
        random.manual_seed(4);
        using var net = new UNet(3, 4, 3, PaddingMode.Reflect, PaddingMode.Circular, version);
        using var mirrored = new UNet(3, 4, 3, PaddingMode.Reflect, PaddingMode.Circular, version);
        net.to(float64);
        mirrored.to(float64);
        using (no_grad())
        {
            // Non-trivial statistics, so that the BatchNorms are not the identity.
            foreach ((string name, Tensor buffer) in net.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)))
            {
                buffer.copy_(randn(buffer.shape, dtype: float64).mul(0.1));
            }

            var source = net.state_dict();
            foreach ((string name, Tensor value) in mirrored.state_dict())
            {
                // Conv and transposed-conv kernels [*, *, k, k] are mirrored in both spatial axes; everything else is copied.
                value.copy_(value.dim() == 4 ? source[name].flip(2, 3) : source[name]);
            }
        }

        net.eval();
        mirrored.eval();
        Tensor x = randn(2, 3, 16, 32, dtype: float64);
        Tensor expected, actual;
        using (no_grad())
        {
            expected = net.call(x).flip(2, 3);
            actual = mirrored.call(x.flip(2, 3));
        }

        double difference = actual.sub(expected).abs().max().item<double>();
        double scale = expected.abs().max().item<double>();
        if (equivariant)
        {
            Assert.True(difference <= 1e-12 * scale, $"layout {version}: max |difference| {difference:E2} of {scale:E2}");
        }
        else
        {
            Assert.True(difference >= 1e-6 * scale, $"layout {version} should not commute with mirroring; max |difference| {difference:E2} of {scale:E2}");
        }
    }

    [Fact]
    public void OldModelJson_WithoutArchitectureVersion_LoadsTheOriginalLayout_AndPredictsAsSaved()
    {
        ModelSpec spec = Spec(UNet.OriginalVersion);
        CycleData data = SampleCycles.Create(CycleId.Parse("2026112500"), [0], [new("t2m"), new("msl")], withStatics: true, grid: spec.Grid);
        using TransferModel model = TransferModel.Create(spec, seed: 3);
        float[] before = model.Predict(data, batchSize: 1);
        model.Save(_dir.Path);

        // A model.json as written before the field existed.
        string path = Path.Combine(_dir.Path, ModelSpec.FileName);
        JsonObject json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(json.Remove("architectureVersion"));
        File.WriteAllText(path, json.ToJsonString());

        using TransferModel loaded = TransferModel.Load(_dir.Path);
        Assert.Equal(UNet.OriginalVersion, loaded.Spec.ArchitectureVersion);
        Assert.Equal(before, loaded.Predict(data, batchSize: 1));
        Assert.Equal([8L, 4L, 3L, 3L], loaded.Network.state_dict()["down.0.first.conv.weight"].shape);
    }

    [Fact]
    public void PhaseSymmetricLayout_RoundTrips_AndOldWeightsUnderItAreRefused()
    {
        using (TransferModel model = TransferModel.Create(Spec(UNet.PhaseSymmetricVersion), seed: 3))
        {
            Assert.Equal([8L, 4L, 4L, 4L], model.Network.state_dict()["down.0.first.conv.weight"].shape);
            model.Save(_dir.Path);
        }

        using (TransferModel loaded = TransferModel.Load(_dir.Path))
        {
            Assert.Equal(UNet.PhaseSymmetricVersion, loaded.Spec.ArchitectureVersion);
        }

        // Layout-1 weights under a model.json that claims layout 2: refused, naming the tensor.
        using (TransferModel old = TransferModel.Create(Spec(UNet.OriginalVersion), seed: 3))
        {
            old.Save(_dir.Path);
        }

        string path = Path.Combine(_dir.Path, ModelSpec.FileName);
        JsonObject json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["architectureVersion"] = UNet.PhaseSymmetricVersion;
        File.WriteAllText(path, json.ToJsonString());
        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => TransferModel.Load(_dir.Path));
        Assert.Contains("down.0.first.conv.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownArchitectureVersion_IsRefused()
    {
        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => (Spec(UNet.OriginalVersion) with { ArchitectureVersion = 3 }).Validate());
        Assert.Contains("architectureVersion 3", error.Message, StringComparison.Ordinal);
    }

    private static ModelSpec Spec(int version) => new()
    {
        Name = "layout",
        Target = "t2m",
        Inputs = ["msl", "orography", "lsm"],
        Architecture = Architecture.UNet,
        ArchitectureVersion = version,
        Width = 4,
        Depth = 1,
        Grid = new GridSpec(60, 10, 4, -20, 10, 6),
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([280.0], [10.0]),
            ["msl"] = new([101000.0], [1000.0]),
            ["orography"] = new([500.0], [700.0]),
            ["lsm"] = new([0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]),
        },
    };
}
