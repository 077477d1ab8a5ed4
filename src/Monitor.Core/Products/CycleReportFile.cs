using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary><c>report.json</c>: a <see cref="CycleReport"/> as JSON (camelCase, enums as names, NaN as "NaN").</summary>
public static class CycleReportFile
{
    /// <summary>The file name inside a cycle's report directory.</summary>
    public const string FileName = "report.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (beside, then renamed).</summary>
    public static void Write(CycleReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(report, s_json));
    }

    /// <summary>Reads a report.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable report (named).</exception>
    public static CycleReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CycleReport>(File.ReadAllText(path), s_json) ?? throw new InvalidDataException($"{path}: empty report.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a readable cycle report: {ex.Message}", ex);
        }
    }
}
