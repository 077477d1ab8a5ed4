using System.Text.Json;
using System.Text.RegularExpressions;
using Monitor.Core.Relevance.Graph;
using Monitor.Core.Relevance.Rules;

namespace Monitor.Core.Relevance.Composites;

/// <summary>
/// A composite from configuration: an ordered map from layer patterns to rules (<see cref="RuleSpec"/>), first match
/// wins. A pattern is <c>input</c> (the layer reading the network's input), <c>output</c> (the layer writing its output)
/// or a layer name with <c>*</c> wildcards, e.g. <c>down.*</c>, <c>up.1.upsample</c>, <c>*</c>. Every layer must match
/// a pattern.
/// </summary>
public sealed class CustomComposite : Composite
{
    private readonly IReadOnlyList<(string Pattern, Regex? Name, string Rule)> _entries;

    /// <summary>Creates the composite from (pattern, rule) pairs in order.</summary>
    /// <exception cref="FormatException">A rule is malformed; the message names it.</exception>
    public CustomComposite(string name, IReadOnlyList<KeyValuePair<string, string>> entries)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new FormatException($"Composite '{name}' maps no layer to a rule.");
        }

        var unbounded = new InputBounds([double.NegativeInfinity], [double.PositiveInfinity]);
        var list = new List<(string, Regex?, string)>(entries.Count);
        foreach ((string pattern, string rule) in entries)
        {
            _ = RuleSpec.Parse(rule, unbounded);
            list.Add((pattern, IsKeyword(pattern) ? null : Glob(pattern), rule));
        }

        _entries = list;
    }

    /// <summary>The patterns and rules in order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Entries => _entries.Select(e => KeyValuePair.Create(e.Pattern, e.Rule));

    /// <summary>
    /// Reads a JSON object of pattern → rule, e.g. <c>{"input": "zbox", "output": "epsilon", "down.*": "gamma:0.25", "*": "epsilon:0.25"}</c>.
    /// </summary>
    /// <exception cref="FormatException">The file is not such an object or a rule is malformed; the message names the file.</exception>
    public static CustomComposite Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = new List<KeyValuePair<string, string>>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}: a composite is a JSON object mapping layer patterns to rules.");
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"{path}: the rule for '{property.Name}' must be a string such as \"gamma:0.25\".");
                }

                entries.Add(KeyValuePair.Create(property.Name, property.Value.GetString()!));
            }

            return new CustomComposite(Path.GetFileNameWithoutExtension(path), entries);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message}).", e);
        }
        catch (FormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override LrpRule RuleFor(LayerInfo layer, InputBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach ((string pattern, Regex? name, string rule) in _entries)
        {
            bool matches = name?.IsMatch(layer.Name) ?? (pattern == "input" ? layer.IsInput : layer.IsOutput);
            if (matches)
            {
                return RuleSpec.Parse(rule, bounds);
            }
        }

        throw new FormatException(
            $"Composite '{Name}' has no rule for layer '{layer.Name}'; add a pattern for it or a final \"*\".");
    }

    private static bool IsKeyword(string pattern) => pattern is "input" or "output";

    private static Regex Glob(string pattern)
        => new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
