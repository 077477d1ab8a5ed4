using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using TorchSharp;

namespace Monitor.Core.Tests.Transfer;

public sealed class TransferModelTests : IDisposable
{
    private static readonly CycleId Cycle = CycleId.Parse("2026112500");
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Architecture.UNet)]
    [InlineData(Architecture.ResNet)]
    [InlineData(Architecture.Linear)]
    public void SaveLoad_RoundTrip_GivesIdenticalPredictions(Architecture architecture)
    {
        ModelSpec spec = Spec(architecture);
        CycleData data = SampleCycles.Create(Cycle, [0, 6, 12], [new("t2m"), new("msl")], withStatics: true, grid: spec.Grid);
        using TransferModel model = TransferModel.Create(spec, seed: 3);
        float[] before = model.Predict(data, batchSize: 2);

        model.Save(_dir.Path);
        using TransferModel loaded = TransferModel.Load(_dir.Path);
        float[] after = loaded.Predict(data, batchSize: 2);
        float[] rebatched = loaded.Predict(data, batchSize: 3);

        Assert.Equal(before, after);
        Assert.Equal(3 * spec.Grid.CellCount, after.Length);

        // Another batching changes the kernels' summation order, nothing else.
        Assert.All(after.Zip(rebatched), pair => Assert.Equal(pair.First, pair.Second, 1e-3f));

        // msl misses cell (1, 1) at every lead: the network sees 0 there, and that cell alone is predicted as missing.
        int missingCell = spec.Grid.LongitudeCount + 1;
        Assert.Equal([missingCell, spec.Grid.CellCount + missingCell, (2 * spec.Grid.CellCount) + missingCell],
            Enumerable.Range(0, after.Length).Where(i => float.IsNaN(after[i])));
        Assert.Equal(spec.Inputs, loaded.Spec.Inputs);
        Assert.Equal(spec.Grid, loaded.Spec.Grid);
        Assert.Equal(architecture, loaded.Spec.Architecture);
        Assert.Equal(spec.Standardisation["lsm"].Mean, loaded.Spec.Standardisation["lsm"].Mean);
    }

    [Theory]
    [InlineData(Architecture.UNet)]
    [InlineData(Architecture.Linear)]
    public void Load_OnTheCpuDevice_ForwardPassIsBitIdenticalToThePlainOne(Architecture architecture)
    {
        ModelSpec spec = Spec(architecture);
        CycleData data = SampleCycles.Create(Cycle, [0, 6, 12], [new("t2m"), new("msl")], withStatics: true, grid: spec.Grid);
        using (TransferModel created = TransferModel.Create(spec, seed: 5))
        {
            created.Save(_dir.Path);
        }

        using TransferModel plain = TransferModel.Load(_dir.Path);
        using TransferModel onCpu = TransferModel.Load(_dir.Path, ComputeDevice.Parse("cpu"));

        // The forward pass as it was before devices: the host array straight into the network, the output read back.
        int size = spec.Inputs.Count * spec.Grid.CellCount;
        var block = new float[3 * size];
        for (int lead = 0; lead < 3; lead++)
        {
            plain.FillInputs(data, lead, block.AsSpan(lead * size, size));
        }

        float[] before;
        using (torch.no_grad())
        using (torch.Tensor x = torch.tensor(block, [3, spec.Inputs.Count, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount]))
        using (torch.Tensor y = plain.Network.call(x))
        {
            before = y.data<float>().ToArray();
        }

        float[] after;
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            after = onCpu.Network.call(onCpu.Inputs(data, 0, 3)).OnHost().data<float>().ToArray();
        }

        Assert.Equal("cpu", onCpu.Device.ToString());
        Assert.Equal(before, after);
        Assert.Equal(plain.Predict(data, batchSize: 2), onCpu.Predict(data, batchSize: 2));
    }

    [Fact]
    public void Load_TruncatedWeights_RaisesNamingTheFile()
    {
        using (TransferModel model = TransferModel.Create(Spec(Architecture.ResNet), seed: 1))
        {
            model.Save(_dir.Path);
        }

        string weights = Path.Combine(_dir.Path, TransferModel.WeightsFileName);
        byte[] bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => TransferModel.Load(_dir.Path));

        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsOfAnotherArchitecture_Refused()
    {
        using (TransferModel model = TransferModel.Create(Spec(Architecture.UNet), seed: 1))
        {
            model.Save(_dir.Path);
        }

        Spec(Architecture.ResNet).Save(_dir.Path);   // spec says ResNet, weights are a U-Net's

        Assert.Throws<InvalidModelSpecException>(() => TransferModel.Load(_dir.Path));
    }

    [Fact]
    public void CheckFits_OtherGridAndMissingVariable_ListsBoth()
    {
        CycleData data = SampleCycles.Create(Cycle, [0], [new("t2m")]);
        using TransferModel model = TransferModel.Create(Spec(Architecture.Linear) with { Grid = SampleCycles.Grid with { FirstLatitude = 50 } }, seed: 1);

        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => model.Predict(data));

        Assert.Contains(error.Problems, p => p.Contains("the model on 4×5", StringComparison.Ordinal) && p.Contains("50", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'msl'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'orography'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UNetDeeperThanTheGridAllows_Refused()
    {
        // The 4×6 grid: a depth-3 U-Net needs 8 cells per side, one more along a reflected axis.
        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => (Spec(Architecture.UNet) with { Depth = 3 }).Validate());
        InvalidModelSpecException reflected = Assert.Throws<InvalidModelSpecException>(
            () => (Spec(Architecture.UNet) with { Depth = 2, LatitudePadding = PaddingMode.Reflect }).Validate());

        Assert.Contains("depth 3 needs at least 8×8 cells", error.Message, StringComparison.Ordinal);
        Assert.Contains("the grid is 4×6", error.Message, StringComparison.Ordinal);
        Assert.Contains("depth 2 needs at least 5×4 cells", reflected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Architecture.UNet, 33, 36)]
    [InlineData(Architecture.UNet, 161, 353)]
    [InlineData(Architecture.UNet, 9, 8)]
    [InlineData(Architecture.ResNet, 33, 36)]
    [InlineData(Architecture.ResNet, 2, 1)]
    public void Validate_GridsWhoseSidesAreNoMultiples_Accepted(Architecture architecture, int rows, int columns)
    {
        ModelSpec spec = Spec(architecture) with
        {
            Depth = 3,
            Grid = new GridSpec(70, 0.25, rows, -20, 0.25, columns),
            LatitudePadding = PaddingMode.Reflect,
            LongitudePadding = PaddingMode.Replicate,
        };

        Assert.Same(spec, spec.Validate());
    }

    [Fact]
    public void Validate_ResNetOnOneRowWithReflection_Refused()
    {
        ModelSpec spec = Spec(Architecture.ResNet) with { Grid = new GridSpec(60, 1, 1, -20, 1, 12), LatitudePadding = PaddingMode.Reflect };

        InvalidModelSpecException error = Assert.Throws<InvalidModelSpecException>(() => spec.Validate());

        Assert.Contains("a ResNet needs at least 2×1 cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OddGrid_UNetOfDepth3_PredictsEveryCellAndRoundTrips()
    {
        // The grid of issue 16's archive, 33 × 36: padded to 40 × 40 inside the network, cropped back.
        var grid = new GridSpec(70, 1.25, 33, -20, 2.5, 36);
        ModelSpec spec = OddGridUNet(grid, depth: 3);
        int[] leads = [0, 6, 12];
        VariableId[] variables = [new("t2m"), new("msl")];
        float[] values = [.. Enumerable.Range(0, leads.Length * variables.Length * grid.CellCount).Select(i =>
            SampleCycles.Value(leads[i / (variables.Length * grid.CellCount)], i / grid.CellCount % variables.Length, i % grid.CellCount / 36, i % 36))];
        float[] orography = [.. Enumerable.Range(0, grid.CellCount).Select(i => 10f * i)], lsm = [.. Enumerable.Range(0, grid.CellCount).Select(i => (float)(i % 2))];
        var data = new CycleData(Cycle, grid, leads, variables, values, new StaticFields(grid, orography, lsm));
        using TransferModel model = TransferModel.Create(spec, seed: 3);
        float[] before = model.Predict(data, batchSize: 2);
        model.Save(_dir.Path);
        using TransferModel loaded = TransferModel.Load(_dir.Path);
        float[] after = loaded.Predict(data, batchSize: 2);   // the same batches: another batch size may round differently

        Assert.Equal(3 * 33 * 36, before.Length);
        Assert.All(before, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(Architecture.ResNet)]
    [InlineData(Architecture.UNet)]   // on 5 × 7, padded to 6 × 8 and cropped back
    public void Predict_Repeated_LeavesNoTensorBehind(Architecture architecture)
    {
        ModelSpec spec = architecture == Architecture.UNet ? OddGridUNet(new GridSpec(60, 10, 5, -20, 10, 7), depth: 1) : Spec(architecture);
        CycleData data = SampleCycles.Create(Cycle, [0, 6, 12], [new("t2m"), new("msl")], withStatics: true, grid: spec.Grid);
        using TransferModel model = TransferModel.Create(spec, seed: 2);
        model.Predict(data);
        DisposeScopeManager.Statistics.Reset();

        for (int i = 0; i < 5; i++)
        {
            model.Predict(data, batchSize: 2);
        }

        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>A U-Net on <paramref name="grid"/>, the land–sea mask standardised with one value for any row count.</summary>
    private static ModelSpec OddGridUNet(GridSpec grid, int depth) => Spec(Architecture.UNet) with
    {
        Depth = depth,
        Grid = grid,
        Standardisation = new Dictionary<string, Standardisation>(Spec(Architecture.UNet).Standardisation) { ["lsm"] = new([0.5], [0.5]) },
    };

    private static ModelSpec Spec(Architecture architecture) => new()
    {
        Name = "test",
        Target = "t2m",
        Inputs = ["msl", "orography", "lsm"],
        Architecture = architecture,
        Width = 4,
        Depth = 1,
        Blocks = 1,
        Grid = architecture == Architecture.UNet ? new GridSpec(60, 10, 4, -20, 10, 6) : SampleCycles.Grid,
        Standardisation = new Dictionary<string, Standardisation>
        {
            ["t2m"] = new([280.0], [10.0]),
            ["msl"] = new([101000.0], [1000.0]),
            ["orography"] = new([500.0], [700.0]),
            ["lsm"] = new([0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]),
        },
    };
}
