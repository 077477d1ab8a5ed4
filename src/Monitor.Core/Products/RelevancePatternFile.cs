using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Storage;

namespace Monitor.Core.Products;

/// <summary>A relevance-pattern model as JSON (<see cref="FileName"/> in the model's folder), written atomically.</summary>
public static class RelevancePatternFile
{
    /// <summary>The file's name in its folder.</summary>
    public const string FileName = "relevance-patterns.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Writes <paramref name="model"/> as <see cref="FileName"/> in <paramref name="directory"/> (created).</summary>
    public static void Save(RelevancePatternModel model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(model, s_json));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a relevance-pattern model (named).</exception>
    public static RelevancePatternModel Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"No relevance-pattern model at {path}.");
        }

        try
        {
            return JsonSerializer.Deserialize<RelevancePatternModel>(File.ReadAllText(path), s_json) is { Patterns.Count: > 0 } model
                ? model
                : throw new InvalidDataException($"{path} holds no relevance patterns.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a relevance-pattern model: {ex.Message}", ex);
        }
    }
}
