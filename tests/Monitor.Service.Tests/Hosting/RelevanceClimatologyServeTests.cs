using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Products;
using Monitor.Core.Transfer;
using Monitor.Service.Adapters.Files;
using Monitor.Service.Hosting;
using Monitor.Service.Tests.Alerts;
using Monitor.Service.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>climatology relevance</c> bootstraps a model's relevance climatology from the fixture's archive (resuming where an
/// earlier run stopped, refusing other settings), and the service scores every explained watch region against it,
/// e-mails one alert for an unusual watch region through a real SMTP server (and none for the same event next cycle),
/// adds each new cycle to it once and saves it; without its file the service does not start.
/// </summary>
public sealed class RelevanceClimatologyServeTests(MonitorFixture fixture, ITestOutputHelper output) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task Bootstrapped_then_scored_and_updated_by_the_service()
    {
        string data = fixture.NewDataDirectory();
        string relevance = Path.Combine(data, "relevance-climatology");
        string[] common = ["climatology", "relevance", "--archive", fixture.Archive, "--model", fixture.Model, "--climatology", fixture.Climatology,
            "--out", relevance, "--bin-cells", "8", "--watch", "europe:35,60,-10,30", "--checkpoint-every", "4"];

        CliRun first = await CliRun.InvokeAsync(TimeProvider.System, [.. common, "--period", "2026-01-01..2026-01-02"]);
        output.WriteLine(first.Output);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("8 cycle(s) added (0 already in)", first.Output, StringComparison.Ordinal);
        Assert.Contains("valid hours 0,6,12,18 UTC", first.Output, StringComparison.Ordinal);
        // 8 cycles × leads 0 and 24 h: each valid hour's cells have 4 values of the unexplained departure.
        Assert.Contains("unexplained departures: 4 of 16 lead/hour/season slots, at least 4 values per cell in each", first.Output, StringComparison.Ordinal);

        CliRun resumed = await CliRun.InvokeAsync(TimeProvider.System, [.. common, "--period", "2026-01-01..2026-01-04"]);
        output.WriteLine(resumed.Output);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("8 cycle(s) added (8 already in)", resumed.Output, StringComparison.Ordinal);

        CliRun other = await CliRun.InvokeAsync(TimeProvider.System, [.. common, "--reference", "none"]);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("--restart", other.Error, StringComparison.Ordinal);

        string model = ModelSpec.Load(fixture.Model).Name;
        string path = Path.Combine(relevance, RelevanceClimatologyFile.FileName(model));
        RelevanceClimatology bootstrapped = RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions());
        Assert.Equal(16, bootstrapped.Cycles.Count);
        int europe = bootstrapped.Info.Locations.WatchLocation("europe");
        DateTime valid = new(2026, 2, 5, 0, 0, 0, DateTimeKind.Utc);
        // 16 cycles × leads 0 and 24 h: each valid hour of the pooled-lead slot has 8 explanations.
        Assert.Equal(8, bootstrapped.Moments(bootstrapped.Slot(europe, 0, valid))!.Count);

        // Only the watch region is explained (no extreme regions), and every anomaly score raises a warning: one event.
        await using var smtp = new LoopbackSmtpServer();
        await smtp.StartAsync();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, $"--Monitor:RelevanceClimatology={relevance}", "--Monitor:AnomalyMinimumHistory=8",
            "--Monitor:MaxRegionsPerLead=0",
            "--Monitor:Alerts:MaxCycleAgeHours=0", "--Monitor:Alerts:Rules:0:Name=unusual-relevance", "--Monitor:Alerts:Rules:0:Kind=anomalous-relevance",
            "--Monitor:Alerts:Rules:0:Recipients:0=forecaster@example.org", "--Monitor:Alerts:Rules:0:WarningScore=0.001", "--Monitor:Alerts:Rules:0:SevereScore=1000",
            "--Monitor:Alerts:Smtp:Host=127.0.0.1", $"--Monitor:Alerts:Smtp:Port={smtp.Port}", "--Monitor:Alerts:Smtp:Security=None",
            "--Monitor:Alerts:Smtp:From=v2v@example.org", "--Monitor:Alerts:Outbox:IntervalSeconds=1",
            "--Monitor:Alerts:ServiceUrl=http://monitor.example.org:8080/", "--Monitor:Alerts:GrafanaUrl=https://grafana.example.org/"));
        await app.StartAsync();
        try
        {
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            fixture.Drop(Path.Combine(data, "inbox"), MonitorFixture.NewCycles[0]);
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(MonitorFixture.NewCycles[0])))?.Status == CycleStatus.Done);
            await Eventually.WaitUntilAsync(() => Task.FromResult(smtp.Messages.Count > 0));

            // The next cycle finds the same event (the watch region is still unusual): no second e-mail.
            fixture.Drop(Path.Combine(data, "inbox"), MonitorFixture.NewCycles[1]);
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(MonitorFixture.NewCycles[1])))?.Status == CycleStatus.Done);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await app.StopAsync();
        }

        // The cycle's page opens on the alert and draws the shares against the relevance climatology's band.
        string page = File.ReadAllText(Path.Combine(data, "reports", MonitorFixture.NewCycles[0], "report.html"));
        Assert.Contains("Alerts raised this cycle (1)", page, StringComparison.Ordinal);
        Assert.Contains("<li class=\"alert warning\">", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"band\"", page, StringComparison.Ordinal);
        Assert.Contains("and the part left unexplained, one colour scale", page, StringComparison.Ordinal);

        MimeKit.MimeMessage mail = Assert.Single(smtp.Messages);
        output.WriteLine(mail.Subject);
        // The departing feature decides the wording (a share, a signed share — its figures in brackets — or the footprint).
        Assert.Matches(@"Unusual reasoning over europe at \+\d+ h: .+, normally .+ here at \d\d UTC in December–February\)? \(anomaly score \d+\.\d\)$", mail.Subject);
        Assert.Contains("Share of relevance", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("forecaster@example.org", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains($"http://monitor.example.org:8080/reports/{MonitorFixture.NewCycles[0]}/report.json", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"http://monitor.example.org:8080/reports/{MonitorFixture.NewCycles[0]}/report.html", mail.HtmlBody, StringComparison.Ordinal);
        // Into Grafana: the Relevance dashboard on this model, the watch region and the lead, around the valid time.
        Assert.Matches($@"https://grafana\.example\.org/d/v2v-relevance/relevance\?var-cycle={MonitorFixture.NewCycles[0]}&amp;var-model=[^&]+&amp;var-source=watch&amp;var-region=europe&amp;var-lead=\d+&amp;from=\d+&amp;to=\d+",
            mail.HtmlBody);
        // The region's relevance maps, drawn again from the cycle, inline and referenced by Content-ID.
        MimeKit.MimePart map = Assert.Single(mail.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentType.MimeType == "image/png" && p.ContentId == "relevance-1@v2v");
        // Each input's share against its climatological band, the sentence's picture.
        MimeKit.MimePart shares = Assert.Single(mail.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentType.MimeType == "image/png" && p.ContentId == "shares-1@v2v");
        Assert.Contains("src=\"cid:shares-1@v2v\"", mail.HtmlBody, StringComparison.Ordinal);
        using (var chart = new MemoryStream())
        {
            shares.Content!.DecodeTo(chart);
            using SkiaSharp.SKBitmap? image = SkiaSharp.SKBitmap.Decode(chart.ToArray());
            Assert.True(image is { Width: 640 } && image.Height > 110, "the shares chart should be a 640 px wide PNG");
        }

        Assert.Contains("src=\"cid:relevance-1@v2v\"", mail.HtmlBody, StringComparison.Ordinal);
        // The region's field: the forecast's departure from the climatology, the model's and the unexplained part.
        MimeKit.MimePart departures = Assert.Single(mail.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentType.MimeType == "image/png" && p.ContentId == "departures-1@v2v");
        Assert.Contains("src=\"cid:departures-1@v2v\"", mail.HtmlBody, StringComparison.Ordinal);
        using (var picture = new MemoryStream())
        {
            departures.Content!.DecodeTo(picture);
            using SkiaSharp.SKBitmap? image = SkiaSharp.SKBitmap.Decode(picture.ToArray());
            Assert.True(image is { Width: > 400, Height: > 200 }, "the departures panel should be a PNG of three maps");
        }

        using (var png = new MemoryStream())
        {
            map.Content!.DecodeTo(png);
            using SkiaSharp.SKBitmap? image = SkiaSharp.SKBitmap.Decode(png.ToArray());
            Assert.NotNull(image);
            Assert.True(image!.Width > 400 && image.Height > 300, $"the map is {image.Width}×{image.Height}");
        }

        string reports = Path.Combine(data, "reports", MonitorFixture.NewCycles[0]);
        CycleReport report = CycleReportFile.Read(Path.Combine(reports, CycleReportFile.FileName));
        ExplainedRegion watch = report.Explanations.Single(e => e.Slot == "europe" && e.LeadHours == 0);
        Assert.NotNull(watch.Anomaly);
        Assert.Equal("europe", watch.Anomaly!.Location);
        Assert.Equal(8, watch.Anomaly.History);
        Assert.True(double.IsFinite(watch.Anomaly.Score) && watch.Anomaly.Score > 0, $"score {watch.Anomaly.Score}");
        Assert.Equal(watch.Inputs.Count, watch.Anomaly.ShareMeans.Count);
        // What the unexplained-extreme rule compares, against the cycle's file and the climatology read independently.
        CycleData forecast = new CycleAssembler().Assemble(CycleId.Parse(MonitorFixture.NewCycles[0]),
            CycleFolder.DataFiles(Path.Combine(fixture.Archive, MonitorFixture.NewCycles[0])), [new("t2m")]).Data;
        bool[] mask = new WatchRegion("europe", 35, 60, -10, 30).Mask(forecast.Grid);
        int[] inside = [.. Enumerable.Range(0, mask.Length).Where(i => mask[i])];
        using (PercentileClimatology climatology = ClimatologyFiles.Open(fixture.Climatology))
        {
            float[] mean = climatology.Field(new VariableId("t2m"), ClimateStatistic.Mean, watch.ValidTime);
            Assert.Equal(inside.Average(i => (double)mean[i]), watch.ClimatologicalMean, 1e-6);
        }

        Assert.Equal(inside.Average(i => (double)forecast.Field(0, forecast.IndexOf(new VariableId("t2m")))[i]), watch.ForecastMean, 1e-6);
        Assert.True(watch.ValidationRmse > 0, $"validation RMSE {watch.ValidationRmse}");
        Assert.Equal((watch.ForecastMean - watch.ClimatologicalMean) - (watch.PredictedMean - watch.ReferencePredictedMean), watch.UnexplainedDeparture, 1e-12);
        // Its usual value over the region: the bootstrapped cells' means and sample standard deviations, averaged over the region.
        (int[] counts, double[] means, double[] squares) = bootstrapped.Departures.Slot(bootstrapped.DepartureSlot(0, watch.ValidTime))!.Value;
        Assert.All(inside, i => Assert.Equal(8, counts[i]));
        Assert.NotNull(watch.UsualUnexplained);
        Assert.Equal(inside.Average(i => means[i]), watch.UsualUnexplained!.Mean, 1e-9);
        Assert.Equal(inside.Average(i => Math.Sqrt(squares[i] / 7)), watch.UsualUnexplained.Spread, 1e-9);
        Assert.Equal(8, watch.UsualUnexplained.History);
        // Its most unusual 3 × 3 core, in the cells' usual standard deviations: present, ordered, finite.
        Assert.NotNull(watch.UnexplainedCore);
        Assert.True(double.IsFinite(watch.UnexplainedCore!.Low) && watch.UnexplainedCore.Low <= watch.UnexplainedCore.High,
            $"core {watch.UnexplainedCore.Low} … {watch.UnexplainedCore.High}");
        string[] points = File.ReadAllLines(Path.Combine(reports, FileSink.FileName));
        Assert.Contains(points, line => line.StartsWith("relevance_region,", StringComparison.Ordinal) && line.Contains("region=europe", StringComparison.Ordinal)
            && line.Contains("anomaly_score=", StringComparison.Ordinal));
        ReportedAlert raised = Assert.Single(report.Alerts!);
        Assert.Equal((mail.Headers["X-V2V-Alert-Key"], 1, "warning"), (raised.Key, raised.Revision, raised.Severity));
        Assert.Contains(points, line => line.StartsWith("alert,", StringComparison.Ordinal) && line.Contains("rule=unusual-relevance", StringComparison.Ordinal)
            && line.Contains(raised.Key, StringComparison.Ordinal));
        Assert.Empty(CycleReportFile.Read(Path.Combine(data, "reports", MonitorFixture.NewCycles[1], CycleReportFile.FileName)).Alerts!);

        RelevanceClimatology updated = RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions());
        Assert.Equal(18, updated.Cycles.Count);
        Assert.Equal(CycleId.Parse(MonitorFixture.NewCycles[0]), updated.Cycles[^2]);
        // The first new cycle (00 UTC, leads 0 and 24 h) added one explanation at 00 UTC for each lead.
        Assert.Equal(10, updated.Moments(updated.Slot(europe, 0, valid))!.Count);
        // … and both leads' unexplained departure fields: over the region, the running mean moved by exactly the two
        // leads' departures the report gives.
        (int[] newCounts, double[] newMeans, _) = updated.Departures.Slot(updated.DepartureSlot(0, watch.ValidTime))!.Value;
        Assert.All(inside, i => Assert.Equal(10, newCounts[i]));
        double added = report.Explanations.Where(e => e.Slot == "europe").Sum(e => e.UnexplainedDeparture);
        Assert.Equal(2, report.Explanations.Count(e => e.Slot == "europe"));
        Assert.Equal(added, inside.Average(i => (10 * newMeans[i]) - (8 * means[i])), 1e-6);
    }

    /// <summary>
    /// The same rule, which raises an alert for this cycle when the age limit is lifted (above), raises none with the
    /// default limit of 24 h: the fixture's cycles are from February 2026, so the service processes them as a backlog —
    /// scored and reported, with a note saying why no alert was evaluated, and no e-mail.
    /// </summary>
    [Fact]
    public async Task A_cycle_older_than_the_age_limit_raises_no_alert()
    {
        string data = fixture.NewDataDirectory();
        string relevance = Path.Combine(data, "relevance-climatology");
        CliRun built = await CliRun.InvokeAsync(TimeProvider.System, "climatology", "relevance", "--archive", fixture.Archive, "--model", fixture.Model,
            "--climatology", fixture.Climatology, "--out", relevance, "--bin-cells", "8", "--watch", "europe:35,60,-10,30", "--period", "2026-01-01..2026-01-04");
        Assert.True(built.ExitCode == 0, built.Error);

        await using var smtp = new LoopbackSmtpServer();
        await smtp.StartAsync();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data, $"--Monitor:RelevanceClimatology={relevance}", "--Monitor:AnomalyMinimumHistory=8",
            "--Monitor:MaxRegionsPerLead=0", "--Monitor:Alerts:Rules:0:Name=unusual-relevance", "--Monitor:Alerts:Rules:0:Kind=anomalous-relevance",
            "--Monitor:Alerts:Rules:0:Recipients:0=forecaster@example.org", "--Monitor:Alerts:Rules:0:WarningScore=0.001", "--Monitor:Alerts:Rules:0:SevereScore=1000",
            "--Monitor:Alerts:Smtp:Host=127.0.0.1", $"--Monitor:Alerts:Smtp:Port={smtp.Port}", "--Monitor:Alerts:Smtp:Security=None",
            "--Monitor:Alerts:Smtp:From=v2v@example.org", "--Monitor:Alerts:Outbox:IntervalSeconds=1"));
        await app.StartAsync();
        try
        {
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            fixture.Drop(Path.Combine(data, "inbox"), MonitorFixture.NewCycles[0]);
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(MonitorFixture.NewCycles[0])))?.Status == CycleStatus.Done);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await app.StopAsync();
        }

        CycleReport report = CycleReportFile.Read(Path.Combine(data, "reports", MonitorFixture.NewCycles[0], CycleReportFile.FileName));
        Assert.Contains(report.Explanations, e => e.Slot == "europe" && e.Anomaly is not null);
        Assert.True(report.Alerts is null or { Count: 0 }, "no alert should be reported");
        Assert.Contains(report.Notes, n => n.StartsWith("no alerts evaluated: the cycle was ", StringComparison.Ordinal)
            && n.EndsWith("h old when processed (Monitor:Alerts:MaxCycleAgeHours = 24)", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Without_the_models_relevance_climatology_the_service_does_not_start()
    {
        string data = fixture.NewDataDirectory();
        string empty = Directory.CreateDirectory(Path.Combine(data, "no-relevance")).FullName;
        using var error = new StringWriter();

        int exit = await MonitorHost.RunAsync(fixture.ServeArgs(data, $"--Monitor:RelevanceClimatology={empty}"), error);

        Assert.Equal(MonitorHost.ConfigurationErrorExitCode, exit);
        Assert.Contains("climatology relevance", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(empty, error.ToString(), StringComparison.Ordinal);
    }
}
