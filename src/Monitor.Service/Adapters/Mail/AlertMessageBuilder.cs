using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using Monitor.Core.Alerts;

namespace Monitor.Service.Adapters.Mail;

/// <summary>
/// Turns an alert into an e-mail: <c>multipart/alternative</c> with a <c>text/plain</c> part and a
/// <c>multipart/related</c> part holding the <c>text/html</c> body and its inline PNGs, each referenced from the HTML as
/// <c>cid:{Content-ID}</c>; the subject is the severity and the alert's sentence.
/// </summary>
internal static class AlertMessageBuilder
{
    /// <summary>Builds the message from <paramref name="from"/> to the alert's recipients.</summary>
    /// <exception cref="ArgumentException">The alert is invalid.</exception>
    public static MimeMessage Build(Alert alert, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(from);
        alert.Validate();
        string domain = from.Domain;
        var message = new MimeMessage
        {
            Subject = Subject(alert),
            MessageId = AlertMessageIds.For(alert.Key, alert.Revision, domain),
        };
        message.From.Add(from);
        foreach (string recipient in alert.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        if (alert.Revision > 1)
        {
            string first = AlertMessageIds.For(alert.Key, 1, domain);
            message.InReplyTo = first;
            message.References.Add(first);
        }

        message.Headers.Add("X-V2V-Alert-Key", alert.Key);
        message.Headers.Add("X-V2V-Alert-Revision", alert.Revision.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add("X-V2V-Rule", alert.Rule);
        message.Headers.Add("X-V2V-Severity", SeverityName(alert.Severity));

        var body = new BodyBuilder { TextBody = PlainText(alert), HtmlBody = Html(alert) };
        foreach (AlertImage image in alert.Images)
        {
            MimeEntity part = body.LinkedResources.Add(image.FileName, image.Png.ToArray(), new ContentType("image", "png"));
            part.ContentId = image.ContentId;
            part.ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = image.FileName };
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary><c>[V2V SEVERE] {summary}</c>.</summary>
    public static string Subject(Alert alert) => $"[V2V {SeverityName(alert.Severity).ToUpperInvariant()}] {alert.Summary}";

    private static string SeverityName(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    private static string PlainText(Alert alert)
    {
        var text = new StringBuilder();
        text.Append(alert.Summary).Append("\n\n");
        if (alert.TextBody.Length > 0)
        {
            text.Append(alert.TextBody.TrimEnd()).Append("\n\n");
        }

        if (alert.Links.Count > 0)
        {
            text.Append("Links:\n");
            foreach (AlertLink link in alert.Links)
            {
                text.Append("- ").Append(link.Label).Append(": ").Append(link.Url).Append('\n');
            }

            text.Append('\n');
        }

        text.Append("-- \n").Append(Footer(alert)).Append('\n');
        return text.ToString();
    }

    private static string Html(Alert alert)
    {
        if (alert.HtmlBody is string given)
        {
            return Complete(given, alert);
        }

        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"font-family: sans-serif\">\n");
        html.Append("<h2>").Append(Encode(alert.Summary)).Append("</h2>\n");
        foreach (string paragraph in alert.TextBody.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(Encode(paragraph).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        }

        foreach (AlertImage image in alert.Images)
        {
            html.Append(Figure(image));
        }

        html.Append(LinkList(alert.Links));
        html.Append("<p style=\"color: #666; font-size: small\">").Append(Encode(Footer(alert))).Append("</p>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>A rule's own HTML, with every image and link it does not reference appended, so none is lost.</summary>
    private static string Complete(string html, Alert alert)
    {
        var missing = new StringBuilder();
        foreach (AlertImage image in alert.Images.Where(i => !html.Contains("cid:" + i.ContentId, StringComparison.OrdinalIgnoreCase)))
        {
            missing.Append(Figure(image));
        }

        AlertLink[] links = [.. alert.Links.Where(l => !html.Contains(WebUtility.HtmlEncode(l.Url), StringComparison.Ordinal) && !html.Contains(l.Url, StringComparison.Ordinal))];
        missing.Append(LinkList(links));
        if (missing.Length == 0)
        {
            return html;
        }

        int end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + missing : html.Insert(end, missing.ToString());
    }

    private static string Figure(AlertImage image) =>
        $"<figure><img src=\"cid:{image.ContentId}\" alt=\"{Encode(image.Description)}\"><figcaption>{Encode(image.Description)}</figcaption></figure>\n";

    private static string LinkList(IReadOnlyList<AlertLink> links)
    {
        if (links.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<ul>\n");
        foreach (AlertLink link in links)
        {
            html.Append("<li><a href=\"").Append(Encode(link.Url)).Append("\">").Append(Encode(link.Label)).Append("</a></li>\n");
        }

        return html.Append("</ul>\n").ToString();
    }

    private static string Footer(Alert alert)
    {
        var parts = new List<string> { $"Rule {alert.Rule}", $"alert {alert.Key} revision {alert.Revision.ToString(CultureInfo.InvariantCulture)}" };
        if (alert.Cycle is { } cycle)
        {
            parts.Add($"cycle {cycle}");
        }

        if (alert.LeadHours is int lead)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"+{lead} h"));
        }

        if (alert.ValidTime is DateTime valid)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"valid {valid:yyyy-MM-dd HH:mm} UTC"));
        }

        return "V2V Monitor · " + string.Join(" · ", parts);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
