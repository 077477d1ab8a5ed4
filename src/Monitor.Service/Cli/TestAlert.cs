using System.Globalization;
using Monitor.Core.Alerts;
using SkiaSharp;

namespace Monitor.Service.Cli;

/// <summary>The alert <c>v2vmonitor alerts test</c> sends: one sentence, a body, an inline PNG (a colour scale as on the maps) and a link.</summary>
internal static class TestAlert
{
    /// <summary>The inline image's Content-ID.</summary>
    public const string ImageContentId = "test-colour-scale@v2vmonitor";

    /// <summary>A test alert to <paramref name="to"/>, keyed by the time so each run is a new alert.</summary>
    public static Alert Create(string to, DateTimeOffset now, string statusUrl) => new()
    {
        Key = string.Create(CultureInfo.InvariantCulture, $"test/{now.UtcDateTime:yyyyMMddTHHmmss.fffZ}"),
        Rule = "test",
        Severity = AlertSeverity.Info,
        Summary = string.Create(CultureInfo.InvariantCulture, $"Test alert from V2V Monitor on {Environment.MachineName} at {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
        TextBody = "If you read this, e-mail alerts reach you.\n\nAlert e-mails carry relevance maps like the colour scale below, "
            + "one sentence saying what is unusual, and links to the dashboards.",
        Images = [new AlertImage(ImageContentId, "colour-scale.png", ColourScalePng(), "The diverging colour scale of the relevance maps (negative blue, positive red)")],
        Links = [new AlertLink("Service health", statusUrl.TrimEnd('/') + "/healthz")],
        Recipients = [to],
    };

    /// <summary>A 256 × 32 PNG: blue through white to red.</summary>
    private static byte[] ColourScalePng()
    {
        using var bitmap = new SKBitmap(256, 32);
        for (int x = 0; x < 256; x++)
        {
            double t = (x / 255.0 * 2) - 1;
            byte fade = (byte)Math.Round(255 * (1 - Math.Abs(t)));
            SKColor colour = t < 0 ? new SKColor(fade, fade, 255) : new SKColor(255, fade, fade);
            for (int y = 0; y < 32; y++)
            {
                bitmap.SetPixel(x, y, colour);
            }
        }

        using SKImage image = SKImage.FromBitmap(bitmap);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
