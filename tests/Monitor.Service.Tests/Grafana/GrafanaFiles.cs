using System.Text.Json.Nodes;

namespace Monitor.Service.Tests.Grafana;

/// <summary>The repository's <c>grafana/</c> folder: dashboards and provisioning files, found above the test binaries.</summary>
internal static class GrafanaFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "V2VMonitor.sln")))
            {
                return Path.Combine(dir.FullName, "grafana");
            }
        }

        throw new InvalidOperationException($"V2VMonitor.sln not found above {AppContext.BaseDirectory}.");
    });

    /// <summary>The <c>grafana/</c> folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>Every dashboard file, parsed.</summary>
    public static IReadOnlyList<GrafanaDashboard> Dashboards() =>
        [.. Directory.GetFiles(Path.Combine(Root, "dashboards"), "*.json").Order(StringComparer.Ordinal)
            .Select(path => new GrafanaDashboard(path, JsonNode.Parse(File.ReadAllText(path))!.AsObject()))];
}
