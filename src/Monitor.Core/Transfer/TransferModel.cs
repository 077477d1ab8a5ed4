using System.Buffers.Binary;
using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Runtime;
using Monitor.Core.Storage;
using Monitor.Core.Transfer.Modules;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Monitor.Core.Transfer;

/// <summary>
/// A transfer model: its <see cref="ModelSpec"/> and network. Predicts the target for every lead of a
/// <see cref="CycleData"/> in batches, without gradients, inside a dispose scope per batch; results leave as plain
/// arrays (tensors never leave Core). Weights are stored as safetensors with PyTorch-twin names (docs/models.md).
/// </summary>
public sealed class TransferModel : IDisposable
{
    /// <summary>File name of the weights inside a model directory.</summary>
    public const string WeightsFileName = "weights.safetensors";

    private TransferModel(ModelSpec spec, nn.Module<Tensor, Tensor> network)
    {
        Spec = spec;
        Network = network;
    }

    /// <summary>What the model is.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The network (for training and the relevance engine).</summary>
    internal nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Where the network's parameters and its inputs live (<see cref="ComputeDevice.Cpu"/> unless loaded onto another).</summary>
    public ComputeDevice Device { get; private set; } = ComputeDevice.Cpu;

    /// <summary>Creates a model with freshly initialised weights (seeded).</summary>
    public static TransferModel Create(ModelSpec spec, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        TorchRuntime.Initialize();
        random.manual_seed(seed);
        nn.Module<Tensor, Tensor> network = NewNetwork(spec);

        // The kernels at this model's layer shapes are checked before anything is trained or explained with them.
        TorchRuntime.VerifyLayers(network, [2, spec.Inputs.Count, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount], $"model {spec.Name}");
        return new TransferModel(spec, network);
    }

    /// <summary>
    /// A float64 copy of the network in eval mode (an independent reference for self-checks: libtorch runs float64
    /// convolutions on its own kernels). Leaves libtorch's global random state as it was. The caller disposes it.
    /// </summary>
    internal nn.Module<Tensor, Tensor> Float64Copy()
    {
        using Tensor state = random.get_rng_state();
        nn.Module<Tensor, Tensor> copy = NewNetwork(Spec);
        random.set_rng_state(state);
        copy.load_state_dict(Network.state_dict());
        copy.to(float64);
        if (!Device.IsCpu)
        {
            copy.to(Device.Torch);
        }

        copy.eval();
        return copy;
    }

    private static nn.Module<Tensor, Tensor> NewNetwork(ModelSpec spec)
    {
        long channels = spec.Inputs.Count;
        return spec.Architecture switch
        {
            Architecture.UNet => new UNet(channels, spec.Width, spec.Depth, spec.LatitudePadding, spec.LongitudePadding, spec.ArchitectureVersion),
            Architecture.ResNet => new ResNet(channels, spec.Width, spec.Blocks, spec.LatitudePadding, spec.LongitudePadding),
            _ => new PerCellLinear(channels, spec.Grid.LatitudeCount, spec.Grid.LongitudeCount),
        };
    }

    /// <summary>Loads <c>model.json</c> and the weights from a model directory onto the CPU.</summary>
    /// <exception cref="InvalidModelSpecException">The spec is missing or wrong, or the weights file is missing, corrupt or does not fit.</exception>
    public static TransferModel Load(string directory) => Load(directory, ComputeDevice.Cpu);

    /// <summary>
    /// Loads <c>model.json</c> and the weights from a model directory onto <paramref name="device"/> (the weights are
    /// read and checked on the CPU, then moved).
    /// </summary>
    /// <exception cref="InvalidModelSpecException">The spec is missing or wrong, or the weights file is missing, corrupt or does not fit.</exception>
    /// <exception cref="NotSupportedException">The device is not available in this process (<see cref="ComputeDevice.EnsureAvailable"/>).</exception>
    public static TransferModel Load(string directory, ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.EnsureAvailable("device");
        ModelSpec spec = ModelSpec.Load(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
        {
            throw new InvalidModelSpecException(spec.Name, [$"weights file {weights} not found"]);
        }

        TransferModel model = Create(spec, seed: 0);
        try
        {
            model.CheckShapes(weights);
            model.Network.load_safetensors(weights, strict: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            model.Dispose();
            throw new InvalidModelSpecException(spec.Name, [$"weights file {weights} is corrupt or does not fit the architecture: {ex.Message}"]);
        }

        model.Network.eval();
        model.MoveTo(device);
        return model;
    }

    /// <summary>Moves the network to <paramref name="device"/>; later inputs are made there too.</summary>
    private void MoveTo(ComputeDevice device)
    {
        if (!device.IsCpu)
        {
            Network.to(device.Torch);
        }

        Device = device;
    }

    /// <summary>Writes <c>model.json</c> and the weights into a model directory.</summary>
    public void Save(string directory)
    {
        Spec.Save(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        AtomicFile.Replace(weights, partial => Network.save_safetensors(partial));
    }

    /// <summary>Checks that a cycle has what the model needs; throws <see cref="InvalidModelSpecException"/> listing every gap.</summary>
    public void CheckFits(CycleData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<string>();
        if (!Spec.Grid.Matches(data.Grid))
        {
            problems.Add($"cycle {data.Cycle} is on {data.Grid}, the model on {Spec.Grid}");
        }

        foreach (string input in Spec.Inputs)
        {
            VariableId id = VariableId.Parse(input, VariableCatalog.Default);
            if (IsStatic(id))
            {
                if (data.Statics is null)
                {
                    problems.Add($"static field '{input}' missing from cycle {data.Cycle}");
                }
            }
            else if (!data.Variables.Contains(id))
            {
                problems.Add($"variable '{input}' missing from cycle {data.Cycle}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidModelSpecException(Spec.Name, problems);
        }
    }

    /// <summary>
    /// Predicts the target at every lead: <c>[lead, lat, lon]</c> in the target's units; NaN at cells where an input is
    /// missing (the network sees 0 there, see <see cref="FillInputs"/>, but the cell's own prediction would rest on it).
    /// </summary>
    /// <param name="data">The cycle.</param>
    /// <param name="batchSize">Leads per forward pass.</param>
    /// <param name="inputAtMean">An input to replace by its training mean (ablation), or null.</param>
    public float[] Predict(CycleData data, int batchSize = 13, string? inputAtMean = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckFits(data);
        int cells = data.Grid.CellCount, leads = data.LeadHours.Count;
        var result = new float[leads * cells];
        var missing = new bool[leads * cells];
        Network.eval();
        using (no_grad())
        {
            for (int start = 0; start < leads; start += batchSize)
            {
                int count = Math.Min(batchSize, leads - start);
                using IDisposable scope = NewDisposeScope();
                Tensor inputs = Inputs(data, start, count, inputAtMean, missing.AsSpan(start * cells, count * cells));
                Tensor output = Network.call(inputs);
                output.OnHost().data<float>().CopyTo(result.AsSpan(start * cells, count * cells));
            }
        }

        Spec.Standardisation[Spec.Target].Invert(result, data.Grid.LongitudeCount);
        for (int i = 0; i < result.Length; i++)
        {
            if (missing[i])
            {
                result[i] = float.NaN;
            }
        }

        return result;
    }

    /// <summary>
    /// Standardised inputs <c>[count, channels, lat, lon]</c> on the model's <see cref="Device"/> for leads start … start + count − 1, missing values as 0
    /// (<see cref="FillInputs"/>); marks the cells where an input is missing in <paramref name="missingCells"/>
    /// (<c>[count, lat, lon]</c>) when it is not empty.
    /// </summary>
    internal Tensor Inputs(CycleData data, int start, int count, string? inputAtMean = null, Span<bool> missingCells = default)
    {
        int size = Spec.Inputs.Count * data.Grid.CellCount, cells = data.Grid.CellCount;
        int atMean = inputAtMean is null ? -1 : Spec.Inputs.ToList().IndexOf(inputAtMean);
        if (inputAtMean is not null && atMean < 0)
        {
            throw new InvalidModelSpecException(Spec.Name, [$"'{inputAtMean}' is not an input (inputs: {string.Join(", ", Spec.Inputs)})"]);
        }

        var block = new float[count * size];
        for (int b = 0; b < count; b++)
        {
            FillInputs(data, start + b, block.AsSpan(b * size, size), missingCells.IsEmpty ? default : missingCells.Slice(b * cells, cells));
            if (atMean >= 0)
            {
                // The training mean is 0 after standardisation.
                block.AsSpan((b * size) + (atMean * cells), cells).Clear();
            }
        }

        return tensor(block, [count, Spec.Inputs.Count, data.Grid.LatitudeCount, data.Grid.LongitudeCount]).On(Device);
    }

    /// <summary>
    /// Writes the standardised inputs <c>[channels, lat, lon]</c> of one lead. A missing value (NaN) is written as 0,
    /// its variable's training mean on the standardised scale: the value a network trained on standardised data treats
    /// as "nothing unusual here", the same one ablation uses to remove an input. When <paramref name="missingCells"/>
    /// is not empty (<c>[lat, lon]</c>), the cells where any input is missing are set to true (others are left as they were).
    /// </summary>
    internal void FillInputs(CycleData data, int leadIndex, Span<float> destination, Span<bool> missingCells = default)
    {
        int cells = data.Grid.CellCount, columns = data.Grid.LongitudeCount;
        for (int c = 0; c < Spec.Inputs.Count; c++)
        {
            string name = Spec.Inputs[c];
            VariableId id = VariableId.Parse(name, VariableCatalog.Default);
            ReadOnlySpan<float> field = IsStatic(id)
                ? (id.Name == "orography" ? data.Statics!.OrographyM : data.Statics!.LandSeaMask)
                : data.Field(leadIndex, data.IndexOf(id));
            Span<float> channel = destination.Slice(c * cells, cells);
            Spec.Standardisation[name].Apply(field, columns, channel);
            for (int i = 0; i < cells; i++)
            {
                if (float.IsNaN(channel[i]))
                {
                    channel[i] = 0;
                    if (!missingCells.IsEmpty)
                    {
                        missingCells[i] = true;
                    }
                }
            }
        }
    }

    /// <summary>Writes the standardised target <c>[lat, lon]</c> of one lead; NaN where it is missing.</summary>
    internal void FillTarget(CycleData data, int leadIndex, Span<float> destination)
    {
        VariableId id = VariableId.Parse(Spec.Target, VariableCatalog.Default);
        Spec.Standardisation[Spec.Target].Apply(data.Field(leadIndex, data.IndexOf(id)), data.Grid.LongitudeCount, destination);
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();

    /// <summary>
    /// Throws when a tensor in the weights file has another shape than the network's: TorchSharp's load_state_dict
    /// copies with broadcasting, so a <c>[1]</c> tensor would silently fill a <c>[C]</c> parameter (PyTorch refuses).
    /// </summary>
    private void CheckShapes(string weights)
    {
        using FileStream stream = File.OpenRead(weights);
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > (ulong)(stream.Length - 8))
        {
            throw new InvalidDataException($"header length {length} exceeds the file");
        }

        var header = new byte[length];
        stream.ReadExactly(header);
        using JsonDocument index = JsonDocument.Parse(header);
        var wrong = new List<string>();
        foreach ((string key, Tensor tensor) in Network.state_dict())
        {
            if (index.RootElement.TryGetProperty(key, out JsonElement entry) &&
                !entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).SequenceEqual(tensor.shape))
            {
                wrong.Add($"'{key}' is {entry.GetProperty("shape")}, the architecture needs [{string.Join(",", tensor.shape)}]");
            }
        }

        if (wrong.Count > 0)
        {
            throw new InvalidDataException(string.Join("; ", wrong));
        }
    }

    private static bool IsStatic(VariableId id) => VariableCatalog.Default.IsStatic(id.Name);
}
