using System.Globalization;

namespace Monitor.Bench;

/// <summary>The <c>--name value</c> options after the verb; unknown names are refused so typos do not go unnoticed.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchArguments()
    {
    }

    /// <summary>Parses <paramref name="args"/> (without the verb), accepting only <paramref name="known"/> names.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args, params string[] known)
    {
        var parsed = new BenchArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value', got '{arg}'.");
            }

            string name = arg[2..];
            if (Array.IndexOf(known, name) < 0)
            {
                throw new ArgumentException($"Unknown option '{arg}'; known: {string.Join(", ", known.Select(k => "--" + k))}.");
            }

            parsed._values[name] = args[++i];
        }

        return parsed;
    }

    /// <summary>A string option, or <paramref name="fallback"/>.</summary>
    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    /// <summary>A positive integer option, or <paramref name="fallback"/>.</summary>
    public int Count(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out string? text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive integer, got '{text}'.");
    }
}
