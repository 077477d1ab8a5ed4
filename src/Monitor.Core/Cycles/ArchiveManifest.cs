using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Core.Cycles;

/// <summary>
/// Describes a reanalysis-style archive (e.g. ERA5 downloads: one netCDF file per variable per year with a time
/// dimension): which files hold which variables, name aliases (which override the variable catalogue), dimension
/// names, unit conversions, a time origin for files without time units, settings for some files only, and the static
/// fields. JSON with comments, paths relative to the manifest's folder; a key it does not know is refused. Example in
/// docs/models.md.
/// </summary>
public sealed record ArchiveManifest
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>File globs (<c>*</c> and <c>?</c> in the file name; folders literal) holding time-dependent variables.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>
    /// Name in file → variable, for every file. Takes the name over from the catalogue (<c>t</c> → <c>t2m</c>); the
    /// variable may carry a pressure level (<c>u500</c>) for files that hold one level without a level dimension.
    /// </summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Dimension name in file → a name CF decoding knows (<c>time</c>, <c>step</c>, <c>level</c>, <c>latitude</c>,
    /// <c>longitude</c>), for dimensions it cannot place by themselves (e.g. <c>timestep</c> → <c>time</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();

    /// <summary>Canonical name → linear conversion applied after reading (value × scale + offset).</summary>
    public IReadOnlyDictionary<string, LinearConversion> Conversions { get; init; } = new Dictionary<string, LinearConversion>();

    /// <summary>CF time units for files whose time coordinate has none (e.g. <c>hours since 1900-01-01</c>).</summary>
    public string? TimeUnits { get; init; }

    /// <summary>Settings for the files matching a glob where they differ from the rest (later entries win).</summary>
    public IReadOnlyList<ManifestFileOverride> PerFile { get; init; } = [];

    /// <summary>Static fields: <c>orography</c> and/or <c>lsm</c> → file (its single 2-D field, or the variable of that name).</summary>
    public IReadOnlyDictionary<string, string> Statics { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads a manifest; throws <see cref="ArgumentException"/> naming the file and the problem.</summary>
    public static ArchiveManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Archive manifest {path} not found.");
        }

        try
        {
            ArchiveManifest manifest = JsonSerializer.Deserialize<ArchiveManifest>(File.ReadAllText(path), s_json)
                ?? throw new ArgumentException($"Archive manifest {path} is empty.");
            return manifest.Files.Count > 0 ? manifest : throw new ArgumentException($"Archive manifest {path} lists no files.");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Archive manifest {path} is not valid: {ex.Message}");
        }
    }
}
