using Monitor.Core.Alerts;
using Monitor.Core.Grids;
using SkiaSharp;

namespace Monitor.Service.Tests.Alerts;

/// <summary>Alerts for the tests: two inline maps (real PNGs of different colours) and two links.</summary>
internal static class TestAlerts
{
    public const string Recipient = "forecaster@example.org";

    public static Alert Create(string key = "anomalous-relevance/t2m-unet/po-valley/track-7", int revision = 1, AlertSeverity severity = AlertSeverity.Warning) => new()
    {
        Key = key,
        Revision = revision,
        Rule = "anomalous-relevance",
        Severity = severity,
        Cycle = CycleId.Parse("2026120700"),
        ValidTime = new DateTime(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc),
        LeadHours = 48,
        Summary = "Warm extreme over the Po valley at +48 h driven by southerly advection (v10 62 % of relevance; normally 18 ± 7 % here in December)",
        TextBody = "The t2m model explains the warm extreme mostly by v10.\n\nShares: v10 62 %, tisr 11 %, tcc 9 %.",
        Images =
        [
            new AlertImage("relevance-v10@v2vmonitor", "relevance-v10.png", Png(SKColors.Red), "Relevance of v10 around the region"),
            new AlertImage("extreme-t2m@v2vmonitor", "extreme-t2m.png", Png(SKColors.Blue), "The t2m extreme at +48 h"),
        ],
        Links =
        [
            new AlertLink("Relevance dashboard, +48 h", "http://grafana.example.org/d/v2v-relevance?var-lead=48&from=1765238400000&to=1765324800000"),
            new AlertLink("Cycle report", "http://127.0.0.1:8089/reports/2026120700/report.json"),
        ],
        Recipients = [Recipient],
    };

    public static byte[] Png(SKColor colour)
    {
        using var bitmap = new SKBitmap(8, 8);
        bitmap.Erase(colour);
        using SKImage image = SKImage.FromBitmap(bitmap);
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
