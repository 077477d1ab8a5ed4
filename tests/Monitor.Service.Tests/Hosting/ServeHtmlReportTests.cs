using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Monitoring.Ports;
using Monitor.Service.Hosting;
using Monitor.Service.Reporting;
using Monitor.Service.Tests.Alerts;
using Monitor.Service.Tests.Reporting;
using SkiaSharp;
using Xunit.Abstractions;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>serve</c> writes report.html for every cycle beside report.json; it is served as text/html and renders in headless
/// Chromium with every picture loaded and something to see. Set <c>V2V_REPORT_SCREENSHOT_DIR</c> to keep the page and
/// its screenshot (docs/images/report-example.png is made so).
/// </summary>
public sealed partial class ServeHtmlReportTests(MonitorFixture fixture, ITestOutputHelper output) : IClassFixture<MonitorFixture>
{
    private const int ScreenWidth = 1280, ScreenHeight = 2000;

    [Fact]
    public async Task Each_cycle_gets_a_self_contained_html_report_that_chromium_renders_with_every_picture()
    {
        HeadlessChromium.Require();
        string data = fixture.NewDataDirectory(), id = MonitorFixture.NewCycles[0];
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data));
        await app.StartAsync();
        try
        {
            fixture.Drop(Path.Combine(data, "inbox"), id);
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(id)))?.Status == CycleStatus.Done);
            CycleRecord record = (await ledger.FindAsync(CycleId.Parse(id)))!;
            string page = Path.Combine(data, "reports", id, HtmlReport.FileName);
            Assert.Contains(page, record.Outputs);
            StageTiming timing = Assert.Single(record.Stages, s => s.Stage == CycleHandler.PageStage);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report.html: {new FileInfo(page).Length / 1024} KiB in {timing.Seconds:F2} s; processing {record.Stages.Where(s => s.Stage != CycleHandler.PageStage).Sum(s => s.Seconds):F2} s"));
            string html = await File.ReadAllTextAsync(page);

            using (var http = new HttpClient { BaseAddress = new Uri(Address(app)) })
            using (HttpResponseMessage response = await http.GetAsync(new Uri($"/reports/{id}/{HtmlReport.FileName}", UriKind.Relative)))
            {
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
                Assert.Equal(html, await response.Content.ReadAsStringAsync());
            }

            // Maps of model − forecast at both leads and the relevance maps of the largest region at +24 h.
            int images = ImageTag().Count(html);
            Assert.True(images >= 3, $"report.html has {images} picture(s)");
            IReadOnlyList<(bool Loaded, string Size)> loaded = await HeadlessChromium.ImagesAsync(page);
            Assert.Equal(images, loaded.Count);
            Assert.All(loaded, image => Assert.True(image.Loaded, $"a picture did not load ({image.Size})"));

            string screenshot = Path.Combine(data, "report.png");
            byte[] png = await HeadlessChromium.ScreenshotAsync(page, screenshot, ScreenWidth, ScreenHeight);
            (double inked, int colours) = Ink(png);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"screenshot: {png.Length / 1024} KiB, {inked:P0} not white, {colours} colours"));
            Assert.True(inked > 0.2, $"the screenshot is nearly blank: {inked:P1} of it is not white");
            Assert.True(colours > 200, $"the screenshot has only {colours} distinct colours");
            Keep(page, screenshot);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_page_that_cannot_be_written_is_logged_and_the_cycle_completes_with_its_other_reports()
    {
        string data = fixture.NewDataDirectory(), id = MonitorFixture.NewCycles[1];
        // A directory where report.html should go: writing the page fails, and nothing else needs that name.
        string page = Directory.CreateDirectory(Path.Combine(data, "reports", id, HtmlReport.FileName)).FullName;
        using var logs = new RecordingLoggerProvider();
        await using WebApplication app = MonitorHost.Build(fixture.ServeArgs(data), services => services.AddSingleton<ILoggerProvider>(logs));
        await app.StartAsync();
        try
        {
            fixture.Drop(Path.Combine(data, "inbox"), id);
            ICycleLedger ledger = app.Services.GetRequiredService<ICycleLedger>();
            await Eventually.WaitUntilAsync(async () => (await ledger.FindAsync(CycleId.Parse(id)))?.Status is CycleStatus.Done or CycleStatus.Failed);

            CycleRecord record = (await ledger.FindAsync(CycleId.Parse(id)))!;
            Assert.Equal(CycleStatus.Done, record.Status);
            Assert.DoesNotContain(page, record.Outputs);
            Assert.True(File.Exists(Path.Combine(data, "reports", id, "report.json")));
            Assert.Contains(logs.Lines, l => l.StartsWith($"Warning Monitor.Core.Monitoring.CycleHandler[2009] Cycle {id}: report.html not written", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task The_picture_check_catches_a_picture_that_does_not_load()
    {
        string directory = Directory.CreateTempSubdirectory("v2v-html-").FullName;
        try
        {
            string page = Path.Combine(directory, "page.html");
            await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><img src=\"data:image/png;base64,AAAA\"><img src=\"missing.png\"></body></html>");

            IReadOnlyList<(bool Loaded, string Size)> images = await HeadlessChromium.ImagesAsync(page);

            Assert.Equal([false, false], images.Select(i => i.Loaded));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The fraction of pixels that are not (near) white, and the distinct colours at 5 bits per channel.</summary>
    private static (double Inked, int Colours) Ink(byte[] png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        var colours = new HashSet<int>();
        long inked = 0;
        foreach (SKColor pixel in bitmap.Pixels)
        {
            if (pixel.Red < 245 || pixel.Green < 245 || pixel.Blue < 245)
            {
                inked++;
            }

            colours.Add(((pixel.Red >> 3) << 10) | ((pixel.Green >> 3) << 5) | (pixel.Blue >> 3));
        }

        return ((double)inked / bitmap.Pixels.Length, colours.Count);
    }

    private static void Keep(string page, string screenshot)
    {
        if (Environment.GetEnvironmentVariable("V2V_REPORT_SCREENSHOT_DIR") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(page, Path.Combine(keep, HtmlReport.FileName), overwrite: true);
            File.Copy(screenshot, Path.Combine(keep, "report.png"), overwrite: true);
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    [GeneratedRegex("<img ")]
    private static partial Regex ImageTag();
}
