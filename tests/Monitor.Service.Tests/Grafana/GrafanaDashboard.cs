using System.Text.Json.Nodes;

namespace Monitor.Service.Tests.Grafana;

/// <summary>A dashboard JSON file as Grafana reads it: panels (rows' nested panels included), variables, annotations.</summary>
internal sealed record GrafanaDashboard(string Path, JsonObject Json)
{
    public string Uid => (string)Json["uid"]!;

    public string Title => (string)Json["title"]!;

    public IReadOnlyList<JsonObject> Panels =>
        [.. Json["panels"]!.AsArray().Select(p => p!.AsObject())
            .SelectMany(p => p["panels"] is JsonArray nested ? [p, .. nested.Select(n => n!.AsObject())] : new[] { p })];

    /// <summary>Panels that query (rows and text panels do not).</summary>
    public IReadOnlyList<JsonObject> QueryPanels => [.. Panels.Where(p => (string?)p["type"] is not ("row" or "text"))];

    public IReadOnlyList<GrafanaVariable> Variables =>
        [.. (Json["templating"]?["list"]?.AsArray() ?? []).Select(v => new GrafanaVariable(v!.AsObject()))];

    /// <summary>The annotation queries on the InfluxDB data source (Grafana's built-in one excluded).</summary>
    public IReadOnlyList<JsonObject> InfluxAnnotations =>
        [.. (Json["annotations"]?["list"]?.AsArray() ?? []).Select(a => a!.AsObject()).Where(a => (string?)a["datasource"]?["type"] == "influxdb")];

    public static string Query(JsonObject targetOrAnnotation) => (string?)targetOrAnnotation["query"] ?? (string?)targetOrAnnotation["target"]?["query"] ?? "";

    public override string ToString() => System.IO.Path.GetFileName(Path);
}

/// <summary>A query template variable.</summary>
internal sealed record GrafanaVariable(JsonObject Json)
{
    public string Name => (string)Json["name"]!;

    public string Query => (string?)Json["query"] ?? "";

    public bool Multi => (bool?)Json["multi"] ?? false;

    public bool IncludeAll => (bool?)Json["includeAll"] ?? false;

    /// <summary>Grafana's sort: 0 none, 1 alphabetical, 2 alphabetical descending, 3 numerical, 4 numerical descending.</summary>
    public int Sort => (int?)Json["sort"] ?? 0;

    /// <summary>The saved current value (<c>$__all</c> for All), or null.</summary>
    public string? Current => Json["current"]?["value"] switch
    {
        JsonValue value => (string?)value,
        JsonArray array when array.Count > 0 => (string?)array[0],
        _ => null,
    };
}
