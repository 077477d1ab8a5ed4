using System.Text.RegularExpressions;

namespace Monitor.Service.Tests.Grafana;

/// <summary>
/// The names a dashboard's raw InfluxQL query uses, read from its text: enough of InfluxQL for the shapes the dashboards
/// use (<c>SELECT … FROM "m" WHERE … GROUP BY …</c> and <c>SHOW TAG VALUES FROM "m" WITH KEY = "k" [WHERE …]</c>).
/// </summary>
internal sealed partial record InfluxQlQuery(
    string Measurement,
    IReadOnlyList<string> SelectedFields,
    IReadOnlyList<string> SelectedFieldPrefixes,
    IReadOnlyList<string> ConditionNames,
    IReadOnlyList<string> GroupByTags,
    IReadOnlyList<string> ExpectedColumns,
    string? ShowTagKey)
{
    public static InfluxQlQuery Parse(string query)
    {
        Match show = ShowTagValues().Match(query);
        if (show.Success)
        {
            return new InfluxQlQuery(show.Groups["m"].Value, [], [], Conditions(show.Groups["where"].Value), [], [], show.Groups["key"].Value);
        }

        Match select = Select().Match(query);
        if (!select.Success)
        {
            throw new FormatException($"Not a SELECT or SHOW TAG VALUES query the dashboards' checks read: {query}");
        }

        var fields = new List<string>();
        var prefixes = new List<string>();
        var columns = new List<string>();
        foreach (string item in TopLevelItems(select.Groups["select"].Value))
        {
            Match alias = Alias().Match(item);
            string expression = alias.Success ? item[..alias.Index] : item;
            fields.AddRange(Quoted().Matches(expression).Select(m => m.Groups[1].Value));
            Match regex = FieldRegex().Match(expression);
            if (regex.Success)
            {
                prefixes.Add(regex.Groups["prefix"].Value);
            }

            Match function = Function().Match(expression.Trim());
            columns.Add(alias.Success ? alias.Groups[1].Value
                : regex.Success ? $"{(function.Success ? function.Groups[1].Value + "_" : "")}{regex.Groups["prefix"].Value}*"
                : function.Success ? function.Groups[1].Value
                : Quoted().Match(expression).Groups[1].Value);
        }

        string groupBy = select.Groups["group"].Value;
        return new InfluxQlQuery(select.Groups["m"].Value, fields, prefixes, Conditions(select.Groups["where"].Value),
            [.. Quoted().Matches(groupBy).Select(m => m.Groups[1].Value)], columns, null);
    }

    /// <summary>Identifiers compared in a WHERE clause (<c>"name" = …</c>, <c>"name" =~ …</c>).</summary>
    private static string[] Conditions(string where) => [.. Condition().Matches(where).Select(m => m.Groups[1].Value)];

    /// <summary>The comma-separated items of a select list, commas inside parentheses kept.</summary>
    private static IEnumerable<string> TopLevelItems(string list)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                yield return list[start..i].Trim();
                start = i + 1;
            }
        }

        yield return list[start..].Trim();
    }

    [GeneratedRegex(@"^SHOW TAG VALUES FROM ""(?<m>[^""]+)"" WITH KEY = ""(?<key>[^""]+)""(?: WHERE (?<where>.+))?$")]
    private static partial Regex ShowTagValues();

    [GeneratedRegex(@"^SELECT (?<select>.+?) FROM ""(?<m>[^""]+)""(?: WHERE (?<where>.+?))?(?: GROUP BY (?<group>.+?))?$")]
    private static partial Regex Select();

    [GeneratedRegex(@"\s+AS\s+""([^""]+)""\s*$")]
    private static partial Regex Alias();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"/\^(?<prefix>[a-z_0-9]+)/")]
    private static partial Regex FieldRegex();

    [GeneratedRegex(@"^(\w+)\(")]
    private static partial Regex Function();

    [GeneratedRegex(@"""([^""]+)""\s*(?:=~|!~|=|!=|<>)")]
    private static partial Regex Condition();
}
