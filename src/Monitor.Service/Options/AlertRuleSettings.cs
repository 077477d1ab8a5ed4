namespace Monitor.Service.Options;

/// <summary>One alert rule (an entry of <c>Monitor:Alerts:Rules</c>; docs/alerts.md, "Rules").</summary>
public sealed class AlertRuleSettings
{
    /// <summary>The rule's name, part of every alert key: letters, digits, '-' or '_'.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>anomalous-relevance</c>, <c>unexplained-extreme</c>, <c>inconsistency</c> or <c>regime-onset</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>E-mail addresses that get its alerts; at least one.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>anomalous-relevance: anomaly score from which a region is a warning (default 6).</summary>
    public double WarningScore { get; set; } = 6;

    /// <summary>anomalous-relevance: score from which it is severe (default 9, ≥ WarningScore).</summary>
    public double SevereScore { get; set; } = 9;

    /// <summary>anomalous-relevance, unexplained-extreme: leads beyond this (h) are not considered (default 240).</summary>
    public int MaxLeadHours { get; set; } = 240;

    /// <summary>
    /// anomalous-relevance, unexplained-extreme: the area watched, <c>south,north,west,east</c> in degrees (e.g.
    /// <c>30,70,-40,40</c>; east &lt; west crosses the date line) — regions centred outside raise nothing; empty (default):
    /// the whole grid.
    /// </summary>
    public string Area { get; set; } = "";

    /// <summary>
    /// unexplained-extreme: what is judged, <c>core</c> (default: the region's most unusual 3 × 3-cell window of the
    /// unexplained departure in usual standard deviations cell by cell) or <c>region</c> (its mean against its cells' usual
    /// mean and spread); chosen on selection seeds, seventh round (docs/alerts.md).
    /// </summary>
    public string Measure { get; set; } = "core";

    /// <summary>unexplained-extreme: the measure, in usual standard deviations, from which a region is a warning (default 3.0, chosen on selection seeds, seventh round; docs/alerts.md).</summary>
    public double WarningFactor { get; set; } = 3.0;

    /// <summary>unexplained-extreme: from which it is severe (default 4.0, ≥ WarningFactor).</summary>
    public double SevereFactor { get; set; } = 4.0;

    /// <summary>inconsistency: disagreement area from which it is a warning, km² (default 1 000 000).</summary>
    public double WarningAreaKm2 { get; set; } = 1_000_000;

    /// <summary>inconsistency: area from which it is severe, km² (default 5 000 000, ≥ WarningAreaKm2).</summary>
    public double SevereAreaKm2 { get; set; } = 5_000_000;

    /// <summary>regime-onset: consecutive leads the new regime must hold (default 2).</summary>
    public int MinimumLeads { get; set; } = 2;

    /// <summary>regime-onset: the alert's severity, <c>info</c> (default), <c>warning</c> or <c>severe</c>.</summary>
    public string Severity { get; set; } = "info";
}
