namespace Monitor.Core.Relevance.Composites;

/// <summary>Finds a composite by name: a named composite, a single rule for every layer, or a JSON file of patterns.</summary>
public static class CompositeCatalog
{
    /// <summary>
    /// The composite used when none is named: <see cref="NamedComposite.LayerDepthSigned"/>, the most faithful named
    /// composite on the ground-truth fidelity benchmark (docs/relevance.md).
    /// </summary>
    public static Composite Default => NamedComposite.LayerDepthSigned;

    /// <summary>
    /// Resolves <paramref name="name"/>: <c>epsilon-gamma-box</c>, <c>epsilon-plus-flat</c>,
    /// <c>epsilon-alpha2-beta1-flat</c>, <c>layer-depth</c>, <c>layer-depth-signed</c>; a rule for every layer (<c>epsilon:0.25</c>, <c>zero</c>, …);
    /// or a path to a JSON composite (<see cref="CustomComposite.Load"/>).
    /// </summary>
    /// <exception cref="FormatException">Nothing of that name; the message lists the choices.</exception>
    public static Composite Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        NamedComposite? named = NamedComposite.All.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            return named;
        }

        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return File.Exists(name)
                ? CustomComposite.Load(name)
                : throw new FormatException($"Composite file '{name}' does not exist.");
        }

        try
        {
            return NamedComposite.Uniform(name);
        }
        catch (FormatException e)
        {
            throw new FormatException(
                $"'{name}' is neither a composite ({string.Join(", ", NamedComposite.All.Select(c => c.Name))}), a rule " +
                $"({string.Join(", ", RuleSpec.Names)}, with parameters as in epsilon:0.25), nor a .json composite file: {e.Message}", e);
        }
    }
}
