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

    /// <summary>Every measurement, for schema checks (Grafana dashboards use only these).</summary>
    public static IReadOnlyList<string> Measurements { get; } = [Cycle, Skill, Extreme, Relevance, RelevanceRegion, Regime, Alert];

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
