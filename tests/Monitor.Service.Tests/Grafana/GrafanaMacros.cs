using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Service.Tests.Grafana;

/// <summary>The value a template variable has when a panel is drawn.</summary>
/// <param name="Values">The selected values (every option for All).</param>
/// <param name="Multi">Whether the variable allows several values.</param>
/// <param name="IncludeAll">Whether it offers All.</param>
internal sealed record VariableValue(IReadOnlyList<string> Values, bool Multi, bool IncludeAll);

/// <summary>
/// Expands a raw InfluxQL query as Grafana's InfluxDB data source does before sending it (written from Grafana's
/// documented behaviour: "Variables and macros" of the InfluxDB data source, the template-variable escaping of its
/// <c>interpolateQueryExpr</c>, and the interval rounding of its time-range utilities):
/// <list type="bullet">
/// <item><c>$timeFilter</c> → <c>time &gt;= {from}ms and time &lt;= {to}ms</c> for an absolute range;</item>
/// <item><c>$__interval</c> → the range divided by the panel's data points, rounded to Grafana's steps, not below the data
/// source's minimum interval; <c>$__interval_ms</c> → the same in milliseconds;</item>
/// <item><c>$name</c> / <c>${name}</c> → a single-value variable's value regex-escaped unless numeric; a multi-value or
/// All variable's values each escaped with a doubled backslash, joined as <c>(a|b)</c> when more than one.</item>
/// </list>
/// </summary>
internal static partial class GrafanaMacros
{
    /// <summary>The query with every macro and variable replaced.</summary>
    /// <exception cref="InvalidOperationException">A <c>$</c> reference that is neither a macro nor a known variable.</exception>
    public static string Expand(string query, DateTime from, DateTime to, TimeSpan interval, IReadOnlyDictionary<string, VariableValue> variables)
    {
        string expanded = query
            .Replace("$timeFilter", $"time >= {Milliseconds(from)}ms and time <= {Milliseconds(to)}ms", StringComparison.Ordinal)
            .Replace("$__interval_ms", ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$__interval", Duration(interval), StringComparison.Ordinal);
        expanded = Reference().Replace(expanded, match =>
        {
            string name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return variables.TryGetValue(name, out VariableValue? value)
                ? Format(value)
                : throw new InvalidOperationException($"'{match.Value}' in \"{query}\" is not a variable of the dashboard");
        });
        return expanded;
    }

    /// <summary>The variables <paramref name="text"/> refers to (<c>$name</c>, <c>${name}</c>; macros and <c>$tag_</c> aliases excluded).</summary>
    public static IEnumerable<string> References(string text) =>
        Reference().Matches(text).Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value)
            .Where(name => name != "timeFilter");

    /// <summary>Grafana's <c>$__interval</c> for a range drawn with <paramref name="dataPoints"/> points and a minimum interval.</summary>
    public static TimeSpan Interval(DateTime from, DateTime to, int dataPoints, TimeSpan minimum)
    {
        TimeSpan rounded = Round((to - from) / dataPoints);
        return rounded < minimum ? minimum : rounded;
    }

    /// <summary>A duration as InfluxQL writes it (<c>6h</c>, <c>1d</c>, <c>1w</c>, <c>30s</c>, <c>500ms</c>).</summary>
    public static string Duration(TimeSpan span)
    {
        long ms = (long)span.TotalMilliseconds;
        foreach ((long unit, string suffix) in new[] { (604_800_000L, "w"), (86_400_000L, "d"), (3_600_000L, "h"), (60_000L, "m"), (1000L, "s") })
        {
            if (ms % unit == 0)
            {
                return $"{ms / unit}{suffix}";
            }
        }

        return $"{ms}ms";
    }

    /// <summary>A single value as a single-value variable expands (regex-escaped unless it reads as a number).</summary>
    public static string Format(VariableValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Multi && !value.IncludeAll)
        {
            string single = value.Values.Single();
            return double.TryParse(single, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? single : RegexEscape(single);
        }

        string[] escaped = [.. value.Values.Select(SpecialRegexEscape)];
        return escaped.Length == 1 ? escaped[0] : $"({string.Join('|', escaped)})";
    }

    /// <summary>Every regex metacharacter (and <c>/</c>, the InfluxQL regex delimiter) escaped with one backslash.</summary>
    private static string RegexEscape(string value)
    {
        var result = new StringBuilder();
        foreach (char c in value)
        {
            if (@"\^$*+?.()|[]{}/".Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>Every regex metacharacter and quote escaped with a doubled backslash, backslashes quadrupled.</summary>
    private static string SpecialRegexEscape(string value)
    {
        var result = new StringBuilder();
        foreach (char c in value)
        {
            if (c == '\\')
            {
                result.Append(@"\\\\");
            }
            else
            {
                if ("$^*{}[]'+?.()|".Contains(c, StringComparison.Ordinal))
                {
                    result.Append(@"\\");
                }

                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Grafana's interval steps: the raw interval is rounded to the step whose band contains it.</summary>
    private static TimeSpan Round(TimeSpan raw)
    {
        (double Below, double Step)[] bands =
        [
            (15, 10), (35, 20), (75, 50), (150, 100), (250, 200), (750, 500), (1500, 1000), (3500, 2000), (7500, 5000), (12_500, 10_000),
            (17_500, 15_000), (25_000, 20_000), (45_000, 30_000), (90_000, 60_000), (210_000, 120_000), (450_000, 300_000), (750_000, 600_000),
            (1_050_000, 900_000), (1_500_000, 1_200_000), (2_700_000, 1_800_000), (5_400_000, 3_600_000), (9_000_000, 7_200_000),
            (16_200_000, 10_800_000), (32_400_000, 21_600_000), (86_400_000, 43_200_000), (604_800_000, 86_400_000),
            (1_814_400_000, 604_800_000), (3_628_800_000, 2_592_000_000),
        ];
        double ms = raw.TotalMilliseconds;
        foreach ((double below, double step) in bands)
        {
            if (ms < below)
            {
                return TimeSpan.FromMilliseconds(step);
            }
        }

        return TimeSpan.FromDays(365);
    }

    private static long Milliseconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    [GeneratedRegex(@"\$\{(?<braced>\w+)\}|\$(?<plain>(?!__|tag_)\w+)")]
    private static partial Regex Reference();
}
