using System.Globalization;
using Monitor.Core.Relevance.Rules;

namespace Monitor.Core.Relevance.Composites;

/// <summary>
/// Rules written as text, for composites from configuration and the command line: <c>zero</c>, <c>epsilon[:ε]</c>,
/// <c>gamma[:γ]</c>, <c>alphabeta[:α,β]</c>, <c>zplus</c>, <c>zbox</c>, <c>wsquare</c>, <c>flat</c>.
/// </summary>
public static class RuleSpec
{
    /// <summary>The rule names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["zero", "epsilon", "gamma", "alphabeta", "zplus", "zbox", "wsquare", "flat"];

    /// <summary>Parses <paramref name="spec"/>; <paramref name="bounds"/> supplies z^B's bounds.</summary>
    /// <exception cref="FormatException">Unknown name or malformed parameters; the message names the spec.</exception>
    public static LrpRule Parse(string spec, InputBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(bounds);
        string[] parts = spec.Trim().Split(':', 2);
        string name = parts[0].Trim().ToLowerInvariant();
        double[] parameters = parts.Length == 2 ? Numbers(spec, parts[1]) : [];
        try
        {
            return (name, parameters.Length) switch
            {
                ("zero" or "lrp-0" or "lrp0", 0) => new ZeroRule(),
                ("epsilon", 0) => new EpsilonRule(),
                ("epsilon", 1) => new EpsilonRule(parameters[0]),
                ("gamma", 0) => new GammaRule(),
                ("gamma", 1) => new GammaRule(parameters[0]),
                ("alphabeta", 0) => new AlphaBetaRule(),
                ("alphabeta", 2) => new AlphaBetaRule(parameters[0], parameters[1]),
                ("zplus", 0) => new ZPlusRule(),
                ("zbox", 0) => new BoxRule(bounds.Low, bounds.High),
                ("wsquare", 0) => new WSquareRule(),
                ("flat", 0) => new FlatRule(),
                _ when Names.Contains(name) => throw new FormatException(
                    $"Rule '{spec}': wrong number of parameters for '{name}' (e.g. epsilon:0.25, gamma:0.25, alphabeta:2,1)."),
                _ => throw new FormatException($"Unknown rule '{spec}'; known rules: {string.Join(", ", Names)}."),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Rule '{spec}': {e.Message}", e);
        }
    }

    private static double[] Numbers(string spec, string text)
    {
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new FormatException($"Rule '{spec}': '{items[i]}' is not a number.");
            }
        }

        return values;
    }
}
