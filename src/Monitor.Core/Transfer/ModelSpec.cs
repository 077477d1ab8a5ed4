using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Grids;
using Monitor.Core.Transfer.Modules;

namespace Monitor.Core.Transfer;

/// <summary>
/// What a transfer model is (<c>model.json</c>): target and inputs, architecture and its size, grid and padding,
/// the standardisation of every variable, and where it came from.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>File name of the spec inside a model directory.</summary>
    public const string FileName = "model.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // A file, not HTML: keep '+', quotes and non-ASCII readable in provenance strings (file names, skipped samples).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Model name (also the directory name under <c>models/</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Target variable, e.g. <c>t2m</c>.</summary>
    public required string Target { get; init; }

    /// <summary>Input variables in channel order: time-dependent (<c>tcc</c>, <c>z500</c> …) and static (<c>orography</c>, <c>lsm</c>).</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Architecture.</summary>
    public required Architecture Architecture { get; init; }

    /// <summary>Channels of the first layer (U-Net: doubled at each level; ResNet: constant).</summary>
    public int Width { get; init; } = 32;

    /// <summary>U-Net encoder levels.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>
    /// U-Net layout: <see cref="UNet.OriginalVersion"/> (3×3 stride-2 downsampling, whose coarse cells sit half a
    /// cell off the transposed convolutions' — what every model.json without this field has) or
    /// <see cref="UNet.PhaseSymmetricVersion"/> (4×4, phase-symmetric; what <c>train</c> writes by default). Other architectures
    /// ignore it. docs/models.md, "U-Net layouts".
    /// </summary>
    public int ArchitectureVersion { get; init; } = UNet.OriginalVersion;

    /// <summary>ResNet residual blocks.</summary>
    public int Blocks { get; init; } = 4;

    /// <summary>The grid the model was trained on.</summary>
    public required GridSpec Grid { get; init; }

    /// <summary>Padding along latitude (global grids: reflect; regional: replicate).</summary>
    public PaddingMode LatitudePadding { get; init; } = PaddingMode.Replicate;

    /// <summary>Padding along longitude (global grids: circular; regional: replicate).</summary>
    public PaddingMode LongitudePadding { get; init; } = PaddingMode.Replicate;

    /// <summary>Standardisation of every input and of the target, by variable name.</summary>
    public required IReadOnlyDictionary<string, Standardisation> Standardisation { get; init; }

    /// <summary>Training provenance (archive, periods, seed, epochs, metrics, versions), free-form.</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    /// <summary>The time-dependent variables the model reads from a cycle (inputs and target, statics excluded).</summary>
    public IReadOnlyList<VariableId> TimeDependentVariables() => TimeDependent(Inputs.Append(Target));

    /// <summary>The time-dependent inputs alone: what a cycle must hold for the model to predict (statics come with it).</summary>
    public IReadOnlyList<VariableId> TimeDependentInputs() => TimeDependent(Inputs);

    private static VariableId[] TimeDependent(IEnumerable<string> names) =>
        names.Select(v => VariableId.Parse(v, VariableCatalog.Default)).Where(id => !VariableCatalog.Default.IsStatic(id.Name)).Distinct().ToArray();

    /// <summary>The padding a grid calls for: reflect/circular on global grids, replicate on regional ones.</summary>
    public static (PaddingMode Latitude, PaddingMode Longitude) PaddingFor(GridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.IsGlobalWrap ? (PaddingMode.Reflect, PaddingMode.Circular) : (PaddingMode.Replicate, PaddingMode.Replicate);
    }

    /// <summary>Checks the spec; throws <see cref="InvalidModelSpecException"/> naming the problem.</summary>
    public ModelSpec Validate(VariableCatalog? catalog = null)
    {
        catalog ??= VariableCatalog.Default;
        var problems = new List<string>();
        foreach (string name in Inputs.Append(Target))
        {
            if (!VariableId.TryParse(name, catalog, out _))
            {
                problems.Add($"unknown variable '{name}'");
            }

            if (!Standardisation.ContainsKey(name))
            {
                problems.Add($"no standardisation for '{name}'");
            }
        }

        if (Inputs.Count == 0)
        {
            problems.Add("no inputs");
        }

        if (ArchitectureVersion is not (UNet.OriginalVersion or UNet.PhaseSymmetricVersion))
        {
            problems.Add($"architectureVersion {ArchitectureVersion} is unknown (U-Net layouts: {UNet.OriginalVersion}, {UNet.PhaseSymmetricVersion})");
        }

        string? sizeProblem = Architecture switch
        {
            Architecture.UNet => UNet.SizeProblem(Depth, LatitudePadding, LongitudePadding, Grid.LatitudeCount, Grid.LongitudeCount),
            Architecture.ResNet => ResNet.SizeProblem(LatitudePadding, LongitudePadding, Grid.LatitudeCount, Grid.LongitudeCount),
            _ => null,
        };
        if (sizeProblem is not null)
        {
            problems.Add(sizeProblem);
        }

        return problems.Count == 0 ? this : throw new InvalidModelSpecException(Name, problems);
    }

    /// <summary>Writes <c>model.json</c> into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, s_json));
    }

    /// <summary>Reads <c>model.json</c> from <paramref name="directory"/>; throws naming the file when it is missing or malformed.</summary>
    public static ModelSpec Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidModelSpecException(path, ["file not found"]);
        }

        try
        {
            return JsonSerializer.Deserialize<ModelSpec>(File.ReadAllText(path), s_json)?.Validate() ??
                   throw new InvalidModelSpecException(path, ["empty"]);
        }
        catch (JsonException ex)
        {
            throw new InvalidModelSpecException(path, [ex.Message]);
        }
    }
}
