using System.Text.Json.Nodes;

namespace Monitor.Service.Tests.Grafana;

/// <summary>The repository's <c>grafana/</c> folder: dashboards and provisioning files.</summary>
internal static class GrafanaFiles
{
    /// <summary>The <c>grafana/</c> folder.</summary>
    public static string Root => Options.RepositoryFiles.PathOf("grafana");

    /// <summary>Every dashboard file, parsed.</summary>
    public static IReadOnlyList<GrafanaDashboard> Dashboards() =>
        [.. Directory.GetFiles(Path.Combine(Root, "dashboards"), "*.json").Order(StringComparer.Ordinal)
            .Select(path => new GrafanaDashboard(path, JsonNode.Parse(File.ReadAllText(path))!.AsObject()))];
}
