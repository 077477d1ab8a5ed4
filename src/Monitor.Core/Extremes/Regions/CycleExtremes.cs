using System.Text.Json.Serialization;
using System.Text.Json;
using Monitor.Core.Grids;
using Monitor.Core.Storage;

namespace Monitor.Core.Extremes.Regions;

/// <summary>The extreme regions of one cycle, every lead and kind, as written to JSON.</summary>
/// <param name="Cycle">The cycle, <c>yyyyMMddHH</c>.</param>
/// <param name="Grid">The grid the cell indices refer to.</param>
/// <param name="Climatology">The climatology directory used.</param>
/// <param name="Kinds">The kinds looked for, e.g. "hot: t2m &gt; p99".</param>
/// <param name="MinimumAreaKm2">Minimum region area (km²).</param>
/// <param name="MergeDistanceKm">Fragment merge distance (km).</param>
/// <param name="Regions">The regions, by kind, lead and area.</param>
public sealed record CycleExtremes(
    string Cycle,
    GridSpec Grid,
    string Climatology,
    IReadOnlyList<string> Kinds,
    double MinimumAreaKm2,
    double MergeDistanceKm,
    IReadOnlyList<ExtremeRegion> Regions)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the JSON file (beside, then renamed).</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, s_json));
    }

    /// <summary>Reads a file written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming it when unreadable.</summary>
    public static CycleExtremes Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CycleExtremes>(File.ReadAllText(path), s_json) ??
                throw new InvalidDataException($"{path}: empty extremes JSON.");
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a readable extremes JSON file: {ex.Message}", ex);
        }
    }
}
