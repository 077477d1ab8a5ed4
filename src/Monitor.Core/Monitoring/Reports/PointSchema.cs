namespace Monitor.Core.Monitoring.Reports;

/// <summary>
/// Every measurement, tag and field name the service writes to InfluxDB (docs/influx-schema.md). Point time is the
/// valid time (the init time for <see cref="Cycle"/>); the lead is a tag and the cycle a field, so a dashboard plots a
/// lead-time series with <c>WHERE lead_h = '24'</c> or one cycle with <c>WHERE cycle = '2026120612'</c>. Tags hold
/// bounded sets only: dynamic regions are ranked slots per kind and lead, their track id a field.
/// </summary>
public static class PointSchema
{
    /// <summary>One point per processed cycle (time = init time): counts, stage timings, notes.</summary>
    public const string Cycle = "cycle";

    /// <summary>Per model and lead: the prediction against the forecast's own target.</summary>
    public const string Skill = "skill";

    /// <summary>Per extreme region (kind, lead, rank).</summary>
    public const string Extreme = "extreme";

    /// <summary>Per explained region and input: shares and signed relevance.</summary>
    public const string Relevance = "relevance";

    /// <summary>Per explained region: footprint, conservation, pattern.</summary>
    public const string RelevanceRegion = "relevance_region";

    /// <summary>Per lead: the regime label, indices, state-map position and analogues.</summary>
    public const string Regime = "regime";

    /// <summary>Per alert a cycle raised (Grafana annotations): rule, severity, key, revision, sentence.</summary>
    public const string Alert = "alert";

    /// <summary>
    /// The service's own state, every <c>Influx:ServiceStatusSeconds</c> (time = when it looked): newest cycle's age,
    /// failures, spool and outbox backlog, kernel path, memory. Not part of a cycle's points.
    /// </summary>
    public const string Service = "service";

    /// <summary>The measurements a processed cycle writes (<see cref="ReportPoints"/>).</summary>
    public static IReadOnlyList<string> CycleMeasurements { get; } = [Cycle, Skill, Extreme, Relevance, RelevanceRegion, Regime, Alert];

    /// <summary>Every measurement, for schema checks (Grafana dashboards use only these).</summary>
    public static IReadOnlyList<string> Measurements { get; } = [.. CycleMeasurements, Service];

    /// <summary>
    /// Every field name per measurement (docs/influx-schema.md). A name ending in <c>*</c> stands for a family whose
    /// suffix varies (<c>seconds_read</c>, <c>index_2</c>); <c>analogue#_time</c> stands for <c>analogue1_time</c>, ….
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Fields { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Cycle] = [CycleField, "leads", "grid", "models", "extremes", "explanations", "seconds_total", "seconds_*", "notes", "kernels"],
        [Skill] = [CycleField, "predicted_mean", "forecast_mean", "rmse", "bias", "disagreement_threshold", "disagreement_cells", "disagreement_km2"],
        [Extreme] = [CycleField, "region_id", "variable", "units", "area_km2", "cells", "centroid_lat", "centroid_lon", "north", "south", "west", "east",
            "peak_value", "peak_anomaly", "peak_lat", "peak_lon", "sot", "percentile", "previous_id"],
        [Relevance] = [CycleField, "region_id", "share", "sum", "absolute", "positive", "negative", "share_clim_mean", "share_clim_std"],
        [RelevanceRegion] = [CycleField, "region_id", "area_km2", "cells", "centroid_lat", "centroid_lon", "predicted_mean", "leading_input", "leading_share",
            "footprint_east_km", "footprint_north_km", "footprint_km", "footprint_wind", "output_relevance", "input_relevance", "pattern", "pattern_name",
            "pattern_distance", "pattern_ratio", "anomaly_score", "anomaly_history", "anomaly_location", "anomaly_feature", "anomaly_departure",
            "forecast_mean", "climatological_mean", "unexplained_departure", "validation_rmse", "unexplained_usual_mean", "unexplained_usual_spread"],
        [Regime] = [CycleField, "label", "name", "nearest", "map_x", "map_y", "index_*", "pc#", "analogue#_time", "analogue#_distance", "analogue#_label"],
        [Alert] = [CycleField, "key", "revision", "summary"],
        [Service] = ["newest_cycle", "newest_cycle_age_h", "failures_in_a_row", "last_failure", "cycles_done", "cycles_failed", "spool_pending_batches",
            "spool_oldest_s", "outbox_depth", "outbox_oldest_s", "kernel_fallback", "kernels", "working_set_mb", "managed_heap_mb", "uptime_s"],
    };

    /// <summary>Whether <paramref name="field"/> is a field of <paramref name="measurement"/> (families included).</summary>
    public static bool HasField(string measurement, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Fields.TryGetValue(measurement, out IReadOnlyList<string>? names) && names.Any(name => Matches(name, field));
    }

    private static bool Matches(string name, string field)
    {
        int wildcard = name.IndexOfAny(['*', '#']);
        if (wildcard < 0)
        {
            return name == field;
        }

        string prefix = name[..wildcard], suffix = name[(wildcard + 1)..];
        if (field.Length <= prefix.Length + suffix.Length || !field.StartsWith(prefix, StringComparison.Ordinal) || !field.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        string middle = field[prefix.Length..^suffix.Length];
        return name[wildcard] == '*' || middle.All(char.IsAsciiDigit);
    }

    /// <summary>Tag names.</summary>
    public static class Tags
    {
        /// <summary>Lead, hours (e.g. <c>24</c>).</summary>
        public const string LeadHours = "lead_h";

        /// <summary>Transfer model name.</summary>
        public const string Model = "model";

        /// <summary>Target variable.</summary>
        public const string Target = "target";

        /// <summary>Input variable.</summary>
        public const string Input = "input";

        /// <summary>Extreme kind (hot, cold, wind, heavy_precipitation).</summary>
        public const string Kind = "kind";

        /// <summary>Rank of an extreme region within its kind and lead, 1 = largest.</summary>
        public const string Rank = "rank";

        /// <summary>Why a region was explained: extreme, watch, disagreement.</summary>
        public const string Source = "source";

        /// <summary>The explained region's slot: a watch region's name, <c>{kind}-{rank}</c> or <c>disagreement-{rank}</c>.</summary>
        public const string Region = "region";

        /// <summary>The alert rule's configured name.</summary>
        public const string Rule = "rule";

        /// <summary>An alert's severity: info, warning, severe.</summary>
        public const string Severity = "severity";

        /// <summary>Every tag name.</summary>
        public static IReadOnlyList<string> All { get; } = [LeadHours, Model, Target, Input, Kind, Rank, Source, Region, Rule, Severity];
    }

    /// <summary>The cycle's init time as a field (<c>yyyyMMddHH</c>), on every measurement.</summary>
    public const string CycleField = "cycle";
}
