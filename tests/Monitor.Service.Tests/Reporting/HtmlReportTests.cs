using System.Text.RegularExpressions;
using Monitor.Core.Extremes.Regions;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Plotting;
using Monitor.Service.Reporting;
using SkiaSharp;

namespace Monitor.Service.Tests.Reporting;

/// <summary>The HTML report's builder on a hand-made report: sections, escaping, embedded pictures, no external resource.</summary>
public sealed partial class HtmlReportTests
{
    private static readonly DateTime s_init = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);
    private static readonly GridSpec s_grid = new(87.1875, 5.625, 32, 0, 5.625, 64);

    [Fact]
    public void Every_section_is_there_in_a_forecasters_order()
    {
        string html = HtmlReport.Build(Report(), [], []);

        string[] sections = ["summary", "alerts", "maps", "extremes", "relevance", "regimes", "skill", "processing"];
        int[] positions = [.. sections.Select(id => html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal))];
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tables_carry_units_in_their_headers_and_the_reports_figures()
    {
        string html = HtmlReport.Build(Report(), [], []);

        Assert.Contains("<th class=\"num\">Area [10³ km²]</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"num\">RMSE [K]</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"num\">Lead [h]</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">310.0 K</td>", html, StringComparison.Ordinal);
        Assert.Contains("tcc (60%)", html, StringComparison.Ordinal);
        Assert.Contains("<strong>NAO+</strong>", html, StringComparison.Ordinal);
        Assert.Contains("2025-01-02 00 R1", html, StringComparison.Ordinal);
        Assert.Contains("a note", html, StringComparison.Ordinal);
        // hot-01: forecast 291 against the climatology's 284, the model 285 against its reference 283.
        Assert.Contains("forecast +7.0 from the climatology, model +2.0, unexplained +5.0 (usually -0.4 ± 1.3 here)", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "unexplained "));
    }

    [Fact]
    public void Every_text_from_the_report_is_html_encoded()
    {
        CycleReport report = Report() with
        {
            Notes = ["<b>bold</b> & \"quoted\""],
            Alerts = [new ReportedAlert("k<1>", 1, "rule&", "severe", 24, s_init.AddHours(24), "<script>alert('x')</script>")],
            Kernels = "<i>onednn</i>",
        };

        string html = HtmlReport.Build(report, [new ReportFigure("a \"caption\" <here>", Png())], []);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>onednn", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"a &quot;caption&quot; &lt;here&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("k&lt;1&gt; r1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pictures_are_png_data_uris_that_decode()
    {
        byte[] png = Png();

        string html = HtmlReport.Build(Report(), [new ReportFigure("map +0 h", png), new ReportFigure("map +24 h", png)], [new ReportFigure("relevance", png)]);

        string[] sources = [.. ImageSource().Matches(html).Select(m => m.Groups[1].Value)];
        Assert.Equal(3, sources.Length);
        foreach (string source in sources)
        {
            Assert.StartsWith("data:image/png;base64,", source, StringComparison.Ordinal);
            byte[] decoded = Convert.FromBase64String(source["data:image/png;base64,".Length..]);
            Assert.Equal(png, decoded);
            using SKBitmap bitmap = SKBitmap.Decode(decoded);
            Assert.True(bitmap is { Width: > 100, Height: > 100 });
        }
    }

    [Fact]
    public void Nothing_is_loaded_from_elsewhere_and_the_only_links_are_the_cycles_files()
    {
        string html = HtmlReport.Build(Report(), [new ReportFigure("map", Png())], []);

        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Equal(["extremes.json", "points.lp", "report.json"], Link().Matches(html).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Alerts_come_first_the_most_severe_on_top()
    {
        string html = HtmlReport.Build(Report(), [], []);

        int severe = html.IndexOf("Cold extreme at +24 h", StringComparison.Ordinal);
        int warning = html.IndexOf("Warm extreme at +24 h", StringComparison.Ordinal);
        Assert.InRange(severe, 0, warning);
        Assert.True(warning < html.IndexOf("id=\"maps\"", StringComparison.Ordinal));
        Assert.Contains("Alerts raised this cycle (2)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shares_are_drawn_against_their_climatological_band_where_there_is_one()
    {
        string html = HtmlReport.Build(Report(), [], []);

        // The watch region has a relevance climatology (tcc 0.5 ± 0.1): its band spans 40–60 %, its mean tick at 50 %.
        Assert.Contains("<span class=\"band\" style=\"left:40.0%;width:20.0%\"></span><span class=\"mean\" style=\"left:50.0%\"></span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"fill up\" style=\"width:60.0%\"></span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"fill down\" style=\"width:40.0%\"></span>", html, StringComparison.Ordinal);
        // The most unusual composition comes first.
        Assert.True(html.IndexOf("<h3>alps", StringComparison.Ordinal) < html.IndexOf("<h3>hot-01", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quiet_cycle_says_so_in_each_section()
    {
        CycleReport quiet = Report() with { Alerts = null, Extremes = [], Explanations = [], Regimes = [] };

        string html = HtmlReport.Build(quiet, [], []);

        Assert.Contains("No alert this cycle.", html, StringComparison.Ordinal);
        Assert.Contains("No extreme region in this cycle.", html, StringComparison.Ordinal);
        Assert.Contains("No region was explained.", html, StringComparison.Ordinal);
        Assert.Contains("No regime model is configured.", html, StringComparison.Ordinal);
        Assert.Contains("No maps: no map could be drawn.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m s**-1", "m s⁻¹")]
    [InlineData("J m**-2", "J m⁻²")]
    [InlineData("K", "K")]
    public void Units_are_written_as_people_write_them(string units, string expected) =>
        Assert.Equal(expected, HtmlReport.Units(units));

    [Fact]
    public void The_header_names_the_regime_through_the_leads_and_centroids_read_east_or_west()
    {
        CycleReport report = Report();
        RegimeLead first = report.Regimes[0];
        report = report with
        {
            Regimes = [first, first with { LeadHours = 24 }, first with { LeadHours = 48, Name = "Blocking" }],
            Extremes = [Extreme("hot-01", "hot", 24, 2e5) with { CentroidLongitude = 350 }],
        };

        string html = HtmlReport.Build(report, [], []);

        Assert.Contains("<dt>Regime</dt><dd>NAO+ +0…24 h, Blocking +48 h</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<td>45.0, -10.0</td>", html, StringComparison.Ordinal);
    }

    private static byte[] Png()
    {
        float[] values = [.. Enumerable.Range(0, s_grid.CellCount).Select(i => (float)Math.Sin(i / 40.0))];
        return LeadMapPanel.Encode(s_grid, new PanelMap("+24 h", "t2m model − forecast [K]", values), [Extreme("hot-01", "hot", 24, 2e5)], null, null, "test map");
    }

    private static CycleReport Report()
    {
        ExtremeRegion[] extremes = [Extreme("hot-01", "hot", 24, 2e5), Extreme("cold-01", "cold", 24, 1e5), Extreme("hot-02", "hot", 24, 1e5)];
        var anomaly = new RelevanceAnomaly("alps", 3, 0, 40, 6.5, 4, "share_tcc", 0.6, 0.5, 0.1, [0.5, 0.5], [0.1, 0.1]);
        ExplainedRegion[] explanations =
        [
            Explained(RegionSource.Extreme, "hot-01", null) with
            {
                ForecastMean = 291, ClimatologicalMean = 284, ValidationRmse = 2, UsualUnexplained = new RegionDepartureStatistics(-0.4, 1.3, 30),
            },
            Explained(RegionSource.Watch, "alps", anomaly),
        ];
        ModelReport[] models = [new ModelReport("t2m-unet", "t2m", "K", true, 2.5,
            [new LeadSkill(0, s_init, 280, 281, 1.2, -0.5, 3, 1e5), new LeadSkill(24, s_init.AddHours(24), 279, 279.5, 1.4, -0.2, 0, 0)])];
        RegimeLead[] regimes = [.. new[] { 0, 24 }.Select(lead => new RegimeLead(lead, s_init.AddHours(lead), "R1", "NAO+", "R1",
            new Dictionary<string, double> { ["R1"] = 1.2, ["R2"] = -0.3 }, [1.0, 2.0], null, null,
            [new AnalogueDay(new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), 0.7, "R1")]))];
        return new CycleReport("2026120600", s_init, [0, 24], s_grid, models, extremes, explanations, regimes,
            [new StageTiming("read", 0.5), new StageTiming("relevance", 2.0)], ["a note"], "onednn",
            [new ReportedAlert("unusual/hot-01", 1, "unusual", "warning", 24, s_init.AddHours(24), "Warm extreme at +24 h"),
             new ReportedAlert("unusual/cold-01", 1, "unusual", "severe", 24, s_init.AddHours(24), "Cold extreme at +24 h")]);
    }

    private static ExtremeRegion Extreme(string id, string kind, int lead, double area) => new()
    {
        Id = id, Kind = kind, Variable = "t2m", Units = "K", LeadHours = lead, ValidTime = s_init.AddHours(lead), AreaKm2 = area,
        CentroidLatitude = 45, CentroidLongitude = 10, North = 50, South = 40, West = 0, East = 20, PeakValue = 310, PeakAnomaly = 12,
        PeakLatitude = 45, PeakLongitude = 10, ShiftOfTails = 1.5, PercentileExceeded = "p99", Cells = [400, 401, 402, 465, 466],
    };

    private static ExplainedRegion Explained(RegionSource source, string id, RelevanceAnomaly? anomaly) => new(
        "t2m-unet", "t2m", 24, s_init.AddHours(24), source, id, id, "t2m over somewhere", "the climatological mean", 12, 1e5, 45, 10, 285, 283,
        [new InputRelevance("tcc", 0.6, 1.0, 1.5, 1.2, -0.2), new InputRelevance("u10", 0.4, -0.5, 1.0, 0.3, -0.8)],
        100, -50, 300, null, 0.6, 0.5, null, anomaly);

    [GeneratedRegex("<img src=\"([^\"]*)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Link();
}
