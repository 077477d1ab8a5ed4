using System.Globalization;
using System.Net;
using System.Text;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Reporting;

/// <summary>
/// The HTML page of one cycle's report (<c>report.html</c>), for a forecaster: alerts first, then the maps per lead,
/// the extremes, what drives the explained regions, the regime per lead and the models' skill. Self-contained — inline
/// CSS, pictures as PNG data URIs, no script, no external resource — so that it opens from the disk, a mail or the
/// HTTP endpoint alike; the only links are to the cycle's other report files beside it. Every text is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>The file name inside a cycle's report directory.</summary>
    public const string FileName = "report.html";

    /// <summary>The explained regions whose relevance is shown as share bars, most unusual first.</summary>
    public const int MaxRegionCards = 8;

    /// <summary>The extreme regions listed per lead, largest first (extremes.json has them all).</summary>
    public const int MaxExtremeRowsPerLead = 10;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The page of <paramref name="report"/> with the maps per lead and the relevance maps of its key regions.</summary>
    /// <param name="report">The cycle's report.</param>
    /// <param name="leadMaps">One map per shown lead (model minus forecast, extremes outlined); may be empty.</param>
    /// <param name="relevanceMaps">Relevance maps of the key regions; may be empty.</param>
    public static string Build(CycleReport report, IReadOnlyList<ReportFigure> leadMaps, IReadOnlyList<ReportFigure> relevanceMaps)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(leadMaps);
        ArgumentNullException.ThrowIfNull(relevanceMaps);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(Invariant, $"<title>V2V Monitor — cycle {Encode(report.Cycle)}</title>\n")
            .Append("<style>").Append(HtmlReportStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, report);
        Alerts(html, report.Alerts ?? []);
        Maps(html, report, leadMaps);
        Extremes(html, report);
        Relevance(html, report, relevanceMaps);
        Regimes(html, report.Regimes);
        Skill(html, report.Models);
        Processing(html, report);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>HTML-encodes <paramref name="text"/> for an element's content or a quoted attribute.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void Header(StringBuilder html, CycleReport report)
    {
        double seconds = report.Stages.Sum(s => s.Seconds);
        string models = string.Join(", ", report.Models.Select(m => $"{m.Model} → {m.Target} [{m.Units}]"));
        html.Append("<header id=\"summary\">\n")
            .Append(Invariant, $"<p class=\"kicker\">V2V Monitor · cycle report · {Encode(report.Cycle)}</p>\n<h1>Cycle {Encode(report.InitTime.ToString("yyyy-MM-dd HH", Invariant))} UTC</h1>\n")
            .Append("<dl class=\"facts\">\n");
        Fact(html, "Leads [h]", string.Join(", ", report.LeadHours));
        Fact(html, "Models", models.Length == 0 ? "none" : models);
        Fact(html, "Grid", report.Grid.ToString());
        Fact(html, "Processing [s]", seconds.ToString("F1", Invariant));
        Fact(html, "Kernels", report.Kernels);
        Fact(html, "Regime", RegimeSequence(report.Regimes));
        Fact(html, "Alerts", (report.Alerts?.Count ?? 0).ToString(Invariant));
        Fact(html, "Extremes", report.Extremes.Count.ToString(Invariant));
        html.Append("</dl>\n<p class=\"files\">Files: <a href=\"report.json\">report.json</a> · <a href=\"extremes.json\">extremes.json</a> · ")
            .Append("<a href=\"points.lp\">points.lp</a></p>\n</header>\n");
    }

    /// <summary>The regimes through the leads, a run of leads in the same regime said once: "Atlantic ridge +0…24 h, NAO− +30 h".</summary>
    private static string RegimeSequence(IReadOnlyList<RegimeLead> regimes)
    {
        var runs = new List<(string Name, int First, int Last)>();
        foreach (RegimeLead lead in regimes.OrderBy(r => r.LeadHours))
        {
            if (runs.Count > 0 && runs[^1].Name == lead.Name)
            {
                runs[^1] = runs[^1] with { Last = lead.LeadHours };
            }
            else
            {
                runs.Add((lead.Name, lead.LeadHours, lead.LeadHours));
            }
        }

        return runs.Count == 0 ? "no regime model"
            : string.Join(", ", runs.Select(r => r.First == r.Last ? string.Create(Invariant, $"{r.Name} +{r.First} h") : string.Create(Invariant, $"{r.Name} +{r.First}…{r.Last} h")));
    }

    private static void Fact(StringBuilder html, string name, string value) =>
        html.Append(Invariant, $"<div><dt>{Encode(name)}</dt><dd>{Encode(value)}</dd></div>\n");

    private static void Alerts(StringBuilder html, IReadOnlyList<ReportedAlert> alerts)
    {
        html.Append(Invariant, $"<section id=\"alerts\">\n<h2>Alerts raised this cycle ({alerts.Count})</h2>\n");
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"quiet\">No alert this cycle.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"alerts\">\n");
        foreach (ReportedAlert alert in alerts.OrderByDescending(a => SeverityRank(a.Severity)).ThenBy(a => a.LeadHours))
        {
            string lead = alert.LeadHours is int h ? $"+{h} h" : "";
            string valid = alert.ValidTime is DateTime t ? t.ToString("ddd dd MMM HH", Invariant) + " UTC" : "";
            html.Append(Invariant, $"<li class=\"alert {SeverityClass(alert.Severity)}\"><span class=\"badge\">{Encode(alert.Severity)}</span> ")
                .Append(Invariant, $"<strong>{Encode(alert.Summary)}</strong>")
                .Append(Invariant, $"<span class=\"meta\">{Encode(alert.Rule)} · {Encode(lead)} {Encode(valid)} · {Encode(alert.Key)} r{alert.Revision}</span></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static int SeverityRank(string severity) => severity switch
    {
        "severe" => 2,
        "warning" => 1,
        _ => 0,
    };

    private static string SeverityClass(string severity) => severity switch
    {
        "severe" => "severe",
        "warning" => "warning",
        _ => "info",
    };

    private static void Maps(StringBuilder html, CycleReport report, IReadOnlyList<ReportFigure> leadMaps)
    {
        html.Append("<section id=\"maps\">\n<h2>Maps</h2>\n")
            .Append("<p class=\"lede\">The transfer model's prediction minus the forecast's own field: where the forecast is inconsistent ")
            .Append("with its other variables. Extreme regions of the lead are outlined and labelled with their ids.</p>\n");
        if (leadMaps.Count == 0)
        {
            string why = report.Models.Any(m => m.HasForecastTarget) ? "no map could be drawn" : "the cycle lacks the models' targets";
            html.Append(Invariant, $"<p class=\"quiet\">No maps: {Encode(why)}.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"figures\">\n");
        foreach (ReportFigure figure in leadMaps)
        {
            Figure(html, figure);
        }

        html.Append("</div>\n</section>\n");
    }

    private static void Figure(StringBuilder html, ReportFigure figure) =>
        html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png))
            .Append(Invariant, $"\" alt=\"{Encode(figure.Caption)}\"><figcaption>{Encode(figure.Caption)}</figcaption></figure>\n");

    private static void Extremes(StringBuilder html, CycleReport report)
    {
        html.Append(Invariant, $"<section id=\"extremes\">\n<h2>Extreme regions ({report.Extremes.Count})</h2>\n");
        if (report.Extremes.Count == 0)
        {
            html.Append("<p class=\"quiet\">No extreme region in this cycle.</p>\n</section>\n");
            return;
        }

        IReadOnlyList<IGrouping<int, ExtremeRegion>> leads = [.. report.Extremes.GroupBy(e => e.LeadHours).OrderBy(g => g.Key)];
        int shown = leads.Sum(g => Math.Min(g.Count(), MaxExtremeRowsPerLead));
        html.Append(Invariant, $"<p class=\"lede\">The {MaxExtremeRowsPerLead} largest of each lead ({shown} of {report.Extremes.Count}; ")
            .Append("every region is in <a href=\"extremes.json\">extremes.json</a>). Rank by area within kind and lead; ")
            .Append("D = how unusual the region's relevance composition is against the relevance climatology (for an ordinary one D² is about its number of features).</p>\n")
            .Append("<table class=\"extremes\">\n<thead><tr><th>Region</th><th>Kind</th><th class=\"num\">Rank</th><th class=\"num\">Area [10³ km²]</th>")
            .Append("<th>Centroid [°N, °E]</th><th class=\"num\">Peak</th><th class=\"num\">Anomaly</th><th>Beyond</th>")
            .Append("<th>Leading driver (share)</th><th class=\"num\">D</th><th>Previous cycle</th></tr></thead>\n<tbody>\n");
        foreach (IGrouping<int, ExtremeRegion> lead in leads)
        {
            DateTime valid = lead.First().ValidTime;
            html.Append(Invariant, $"<tr class=\"group\"><th colspan=\"11\">+{lead.Key} h · valid {Encode(valid.ToString("ddd dd MMM HH", Invariant))} UTC · ")
                .Append(Invariant, $"{lead.Count()} region(s)</th></tr>\n");
            foreach (ExtremeRegion extreme in lead.OrderByDescending(e => e.AreaKm2).Take(MaxExtremeRowsPerLead))
            {
                ExtremeRow(html, report, extreme);
            }
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void ExtremeRow(StringBuilder html, CycleReport report, ExtremeRegion extreme)
    {
        int rank = 1 + report.Extremes.Count(e => e.LeadHours == extreme.LeadHours && e.Kind == extreme.Kind && e.AreaKm2 > extreme.AreaKm2);
        ExplainedRegion? explained = report.Explanations.Where(e => e.Source == RegionSource.Extreme && e.RegionId == extreme.Id && e.LeadHours == extreme.LeadHours)
            .MaxBy(e => e.Anomaly?.Score ?? double.NegativeInfinity);
        string driver = explained is null ? "—" : string.Create(Invariant, $"{explained.Leading.Input} ({explained.Leading.Share * 100:F0}%)");
        html.Append(Invariant, $"<tr><td class=\"id\">{Encode(extreme.Id)}</td><td><span class=\"kind {KindClass(extreme.Kind)}\">{Encode(extreme.Kind)}</span></td>")
            .Append(Invariant, $"<td class=\"num\">{rank}</td><td class=\"num\">{extreme.AreaKm2 / 1000:F0}</td><td>{Encode(LatLon(extreme.CentroidLatitude, extreme.CentroidLongitude))}</td>")
            .Append(Invariant, $"<td class=\"num\">{extreme.PeakValue:F1} {Encode(Units(extreme.Units))}</td><td class=\"num\">{extreme.PeakAnomaly:+0.0;−0.0} {Encode(Units(extreme.Units))}</td>")
            .Append(Invariant, $"<td>{Encode(extreme.PercentileExceeded)}</td><td>{Encode(driver)}</td><td class=\"num\">{Score(explained?.Anomaly)}</td>")
            .Append(Invariant, $"<td>{Encode(extreme.PreviousCycleId ?? "new")}</td></tr>\n");
    }

    private static string KindClass(string kind) => kind switch
    {
        "hot" => "hot",
        "cold" => "cold",
        "wind" => "wind",
        _ => "other",
    };

    /// <summary>°N, °E with the longitude in −180…180 (regions' centroids come in 0…360 on global grids).</summary>
    private static string LatLon(double latitude, double longitude) =>
        string.Create(Invariant, $"{latitude:F1}, {(longitude > 180 ? longitude - 360 : longitude):F1}");

    /// <summary>Units as people write them: <c>m s**-1</c> → m s⁻¹, <c>J m**-2</c> → J m⁻².</summary>
    public static string Units(string units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return units.Replace("**-1", "⁻¹", StringComparison.Ordinal).Replace("**-2", "⁻²", StringComparison.Ordinal)
            .Replace("**2", "²", StringComparison.Ordinal).Replace("**3", "³", StringComparison.Ordinal);
    }

    private static string Score(RelevanceAnomaly? anomaly) =>
        anomaly is null ? "—" : anomaly.Score.ToString("F1", Invariant);

    private static void Relevance(StringBuilder html, CycleReport report, IReadOnlyList<ReportFigure> relevanceMaps)
    {
        html.Append("<section id=\"relevance\">\n<h2>What drives the explained regions</h2>\n")
            .Append("<p class=\"lede\">Share of each input in the region's relevance (Σ|R|, LRP) — bar red where the input pushes the ")
            .Append("prediction up, blue where down; the grey band is the climatological share ± 1 σ for the place, lead, hour and season, ")
            .Append("the tick its mean. Most unusual compositions first.</p>\n");
        IReadOnlyList<ExplainedRegion> shown = [.. report.Explanations
            .OrderByDescending(e => e.Anomaly?.Score ?? double.NegativeInfinity)
            .ThenByDescending(e => e.AreaKm2)
            .Take(MaxRegionCards)];
        if (shown.Count == 0)
        {
            html.Append("<p class=\"quiet\">No region was explained.</p>\n");
        }

        html.Append("<div class=\"cards\">\n");
        foreach (ExplainedRegion region in shown)
        {
            RegionCard(html, region);
        }

        html.Append("</div>\n");
        if (relevanceMaps.Count > 0)
        {
            html.Append("<h3>Relevance maps</h3>\n<div class=\"figures wide\">\n");
            foreach (ReportFigure figure in relevanceMaps)
            {
                Figure(html, figure);
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void RegionCard(StringBuilder html, ExplainedRegion region)
    {
        html.Append("<article class=\"card\">\n")
            .Append(Invariant, $"<h3>{Encode(region.RegionId)} <span class=\"meta\">{Encode(region.Source.ToString().ToLowerInvariant())} · +{region.LeadHours} h · {Encode(region.Model)}</span></h3>\n")
            .Append(Invariant, $"<p class=\"meta\">{region.AreaKm2 / 1000:F0}·10³ km² at {Encode(LatLon(region.CentroidLatitude, region.CentroidLongitude))} · ")
            .Append(Invariant, $"mean {Encode(region.Target)} {region.PredictedMean:F1}")
            .Append(double.IsFinite(region.ReferencePredictedMean) ? string.Create(Invariant, $" (reference {region.ReferencePredictedMean:F1})") : "")
            .Append(double.IsFinite(region.UnexplainedDeparture)
                ? string.Create(Invariant, $" · forecast {region.ForecastDeparture:+0.0;-0.0} from the climatology, model {region.ModelDeparture:+0.0;-0.0}, unexplained {region.UnexplainedDeparture:+0.0;-0.0}")
                    + (region.UsualUnexplained is { } usual ? string.Create(Invariant, $" (usually {usual.Mean:+0.0;-0.0} ± {usual.Spread:F1} here)") : "")
                : "")
            .Append(Invariant, $" · anomaly score D {Score(region.Anomaly)}")
            .Append(region.Pattern is { } pattern ? $" · pattern {Encode(pattern.Name)}" : "")
            .Append(region.FootprintWind is { } wind ? $" · footprint {Encode(wind)}" : "")
            .Append("</p>\n<table class=\"shares\">\n<thead><tr><th>Input</th><th>Share [%]</th><th class=\"num\"></th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < region.Inputs.Count; i++)
        {
            InputRelevance input = region.Inputs[i];
            string sign = input.Sum >= 0 ? "up" : "down";
            html.Append(Invariant, $"<tr><td>{Encode(input.Input)}</td><td class=\"bar\">")
                .Append(Invariant, $"<span class=\"fill {sign}\" style=\"width:{Math.Clamp(input.Share, 0, 1) * 100:F1}%\"></span>");
            // The band goes over the bar, translucent, so that both stay visible where they overlap.
            if (region.Anomaly is { } anomaly && i < anomaly.ShareMeans.Count)
            {
                double mean = anomaly.ShareMeans[i], sd = anomaly.ShareStandardDeviations[i];
                double low = Math.Clamp(mean - sd, 0, 1), high = Math.Clamp(mean + sd, 0, 1);
                html.Append(Invariant, $"<span class=\"band\" style=\"left:{low * 100:F1}%;width:{(high - low) * 100:F1}%\"></span>")
                    .Append(Invariant, $"<span class=\"mean\" style=\"left:{Math.Clamp(mean, 0, 1) * 100:F1}%\"></span>");
            }

            html.Append("</td>")
                .Append(Invariant, $"<td class=\"num\">{input.Share * 100:F0}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</article>\n");
    }

    private static void Regimes(StringBuilder html, IReadOnlyList<RegimeLead> regimes)
    {
        html.Append("<section id=\"regimes\">\n<h2>Weather regime per lead</h2>\n");
        if (regimes.Count == 0)
        {
            html.Append("<p class=\"quiet\">No regime model is configured.</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th class=\"num\">Lead [h]</th><th>Valid [UTC]</th><th>Regime</th><th>Nearest</th>")
            .Append("<th class=\"num\">Strongest index [σ]</th><th>Analogues (valid time, regime)</th></tr></thead>\n<tbody>\n");
        foreach (RegimeLead lead in regimes)
        {
            string strongest = lead.Indices.Count == 0 ? "—"
                : lead.Indices.MaxBy(p => p.Value) is var top ? string.Create(Invariant, $"{top.Key} {top.Value:F2}") : "—";
            string analogues = string.Join("; ", lead.Analogues.Take(3).Select(a => $"{a.ValidTime.ToString("yyyy-MM-dd HH", Invariant)} {a.Label}"));
            html.Append(Invariant, $"<tr><td class=\"num\">{lead.LeadHours}</td><td>{Encode(lead.ValidTime.ToString("dd MMM HH", Invariant))}</td>")
                .Append(Invariant, $"<td><strong>{Encode(lead.Name)}</strong> <span class=\"meta\">{Encode(lead.Label)}</span></td><td>{Encode(lead.Nearest)}</td>")
                .Append(Invariant, $"<td class=\"num\">{Encode(strongest)}</td><td>{Encode(analogues.Length == 0 ? "—" : analogues)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Skill(StringBuilder html, IReadOnlyList<ModelReport> models)
    {
        html.Append("<section id=\"skill\">\n<h2>Model against the forecast per lead</h2>\n");
        foreach (ModelReport model in models)
        {
            string units = Encode(Units(model.Units));
            string threshold = model.DisagreementThreshold is double t ? string.Create(Invariant, $" · disagreement beyond {t:F2} {model.Units}") : "";
            html.Append(Invariant, $"<h3>{Encode(model.Model)} <span class=\"meta\">→ {Encode(model.Target)}{Encode(threshold)}</span></h3>\n")
                .Append(Invariant, $"<table>\n<thead><tr><th class=\"num\">Lead [h]</th><th>Valid [UTC]</th><th class=\"num\">Predicted mean [{units}]</th>")
                .Append(Invariant, $"<th class=\"num\">Forecast mean [{units}]</th><th class=\"num\">RMSE [{units}]</th><th class=\"num\">Bias [{units}]</th>")
                .Append("<th class=\"num\">Disagreement [10³ km²]</th></tr></thead>\n<tbody>\n");
            foreach (LeadSkill lead in model.Leads)
            {
                html.Append(Invariant, $"<tr><td class=\"num\">{lead.LeadHours}</td><td>{Encode(lead.ValidTime.ToString("dd MMM HH", Invariant))}</td>")
                    .Append(Invariant, $"<td class=\"num\">{lead.PredictedMean:F2}</td><td class=\"num\">{Optional(lead.ForecastMean)}</td>")
                    .Append(Invariant, $"<td class=\"num\">{Optional(lead.Rmse)}</td><td class=\"num\">{Optional(lead.Bias)}</td>")
                    .Append(Invariant, $"<td class=\"num\">{lead.DisagreementAreaKm2 / 1000:F0}</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static string Optional(double? value) => value is double v ? v.ToString("F2", Invariant) : "—";

    private static void Processing(StringBuilder html, CycleReport report)
    {
        html.Append("<section id=\"processing\">\n<h2>Processing</h2>\n<p class=\"meta\">Stages [s]: ")
            .Append(Encode(string.Join(" · ", report.Stages.Select(s => string.Create(Invariant, $"{s.Stage} {s.Seconds:F2}")))))
            .Append(Invariant, $"</p>\n<p class=\"meta\">Kernels: {Encode(report.Kernels)}</p>\n");
        if (report.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (string note in report.Notes)
            {
                html.Append(Invariant, $"<li>{Encode(note)}</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }
}
