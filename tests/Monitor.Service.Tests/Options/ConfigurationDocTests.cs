using System.Text.RegularExpressions;

namespace Monitor.Service.Tests.Options;

/// <summary>docs/configuration.md documents exactly the keys the options classes read (<see cref="OptionsCatalog"/>).</summary>
public sealed partial class ConfigurationDocTests
{
    [Fact]
    public void Every_key_of_the_options_classes_is_documented_and_every_documented_key_exists()
    {
        IReadOnlySet<string> documented = DocumentedKeys(File.ReadAllLines(RepositoryFiles.PathOf("docs/configuration.md")));

        string[] missing = [.. OptionsCatalog.Keys.Except(documented).Order(StringComparer.Ordinal)];
        string[] unknown = [.. documented.Except(OptionsCatalog.Keys).Order(StringComparer.Ordinal)];

        Assert.True(missing.Length == 0 && unknown.Length == 0,
            $"docs/configuration.md and src/Monitor.Service/Options disagree.{Environment.NewLine}" +
            $"Not documented ({missing.Length}): {string.Join(", ", missing)}{Environment.NewLine}" +
            $"Documented but read by no options class ({unknown.Length}): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_catalog_sees_nested_sections_and_list_entries()
    {
        Assert.Contains("Monitor:Device", OptionsCatalog.Keys);
        Assert.Contains("Monitor:Alerts:Smtp:PasswordFile", OptionsCatalog.Keys);
        Assert.Contains("Monitor:Alerts:Rules:Recipients", OptionsCatalog.Keys);
        Assert.Contains("Monitor:WatchRegions:East", OptionsCatalog.Keys);
        Assert.Contains("Influx:TokenFile", OptionsCatalog.Keys);
        Assert.DoesNotContain("Influx:Enabled", OptionsCatalog.Keys);
        Assert.DoesNotContain("Data:StateDirectory", OptionsCatalog.Keys);
    }

    /// <summary>
    /// The keys of the tables under the <c>## `Section`</c> headings: the first cell's backticked names, <c>N</c> and
    /// <c>M</c> standing for list indices; a bare name after a path in the same cell shares its prefix
    /// (<c>`Rules:N:WarningScore`, `SevereScore`</c>).
    /// </summary>
    internal static IReadOnlySet<string> DocumentedKeys(IEnumerable<string> lines)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? section = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Match heading = SectionHeading().Match(line);
                section = heading.Success ? heading.Groups[1].Value : null;
                continue;
            }

            if (section is null || !line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            string? rowPrefix = null;
            foreach (Match name in Backticked().Matches(line.Split('|')[1]))
            {
                string[] parts = [.. name.Groups[1].Value.Split(':').Where(p => p is not ("N" or "M"))];
                if (parts.Length > 1)
                {
                    rowPrefix = string.Join(':', parts[..^1]);
                }

                keys.Add(parts.Length == 1 && rowPrefix is not null ? $"{section}:{rowPrefix}:{parts[0]}" : $"{section}:{string.Join(':', parts)}");
            }
        }

        return keys;
    }

    [GeneratedRegex(@"^## `([A-Za-z:]+)`\s*$")]
    private static partial Regex SectionHeading();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
