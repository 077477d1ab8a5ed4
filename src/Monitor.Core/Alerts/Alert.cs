using System.Text.RegularExpressions;
using Monitor.Core.Grids;

namespace Monitor.Core.Alerts;

/// <summary>
/// One alert as a rule produces it and the outbox keeps it until it is delivered: who gets it, the sentence a
/// forecaster reads, the body, its maps and links. Identified by <see cref="Key"/> and <see cref="Revision"/>: the
/// outbox accepts each pair once, so a rule that fires again for the same event does not send it again, while an
/// escalation or an all-clear is a new revision of the same key.
/// </summary>
public sealed partial record Alert
{
    /// <summary>
    /// The dedup key: the rule and the identity of the event across leads and cycles
    /// (<c>anomalous-relevance/t2m-unet/po-valley/track-20261207-3</c>); at most 200 characters, no control characters.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The revision of the alert for <see cref="Key"/>: 1 for the first, one more for each escalation or all-clear.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The rule's name (configuration name, e.g. <c>anomalous-relevance</c>).</summary>
    public required string Rule { get; init; }

    /// <summary>How urgent it is.</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>The forecast cycle it is about, if any (service-health alerts have none).</summary>
    public CycleId? Cycle { get; init; }

    /// <summary>The valid time it is about (UTC), if any.</summary>
    public DateTime? ValidTime { get; init; }

    /// <summary>The lead time it is about, in hours, if any.</summary>
    public int? LeadHours { get; init; }

    /// <summary>
    /// One sentence a forecaster understands; the subject line after the severity ("Warm extreme over the Po valley at
    /// +48 h driven by southerly advection (v10 62 % of relevance; normally 18 ± 7 % here in December)"). One line.
    /// </summary>
    public required string Summary { get; init; }

    /// <summary>The plain-text body (the text/plain part).</summary>
    public required string TextBody { get; init; }

    /// <summary>
    /// An HTML body whose images are referenced as <c>cid:{ContentId}</c>; null lets the e-mail adapter build one from
    /// the summary, the text, the images and the links.
    /// </summary>
    public string? HtmlBody { get; init; }

    /// <summary>Inline PNG images (maps, shares against their climatological band).</summary>
    public IReadOnlyList<AlertImage> Images { get; init; } = [];

    /// <summary>Links (Grafana dashboards, the cycle's report).</summary>
    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    /// <summary>E-mail addresses to send to; at least one.</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>Whether <paramref name="address"/> is an e-mail address as alerts accept it (one @, something on each side, no spaces, angle brackets, commas or semicolons).</summary>
    public static bool IsAddress(string? address) => AddressPattern().IsMatch(address ?? "");

    /// <summary>The longest <see cref="Key"/> accepted, in characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Checks what the outbox and the e-mail adapter rely on; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Key) || Key.Length > MaxKeyLength || Key.Any(char.IsControl))
        {
            throw new ArgumentException($"Alert key '{Key}' must be 1–{MaxKeyLength} characters without control characters.", nameof(Key));
        }

        if (Revision < 1)
        {
            throw new ArgumentException($"Alert {Key}: revision {Revision} must be ≥ 1.", nameof(Revision));
        }

        if (string.IsNullOrWhiteSpace(Rule))
        {
            throw new ArgumentException($"Alert {Key}: the rule name is empty.", nameof(Rule));
        }

        if (!Enum.IsDefined(Severity))
        {
            throw new ArgumentException($"Alert {Key}: severity {Severity} is not info, warning or severe.", nameof(Severity));
        }

        if (string.IsNullOrWhiteSpace(Summary) || Summary.Contains('\n', StringComparison.Ordinal) || Summary.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Alert {Key}: the summary must be one non-empty line.", nameof(Summary));
        }

        ArgumentNullException.ThrowIfNull(TextBody);
        if (Recipients is null || Recipients.Count == 0 || Recipients.Any(r => !IsAddress(r)))
        {
            throw new ArgumentException($"Alert {Key}: recipients must be one or more addresses like name@example.org (were '{string.Join(", ", Recipients ?? [])}').",
                nameof(Recipients));
        }

        ValidateImages();
        foreach (AlertLink link in Links)
        {
            if (!Uri.TryCreate(link.Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrWhiteSpace(link.Label))
            {
                throw new ArgumentException($"Alert {Key}: link '{link.Label}' must have a label and an absolute http(s) URL (was '{link.Url}').", nameof(Links));
            }
        }
    }

    private void ValidateImages()
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (AlertImage image in Images)
        {
            if (!ContentIdPattern().IsMatch(image.ContentId ?? "") || !ids.Add(image.ContentId!))
            {
                throw new ArgumentException(
                    $"Alert {Key}: image Content-ID '{image.ContentId}' must be unique in the alert and made of letters, digits and . - _ @ only.", nameof(Images));
            }

            if (!image.Png.Span.StartsWith(AlertImage.PngSignature))
            {
                throw new ArgumentException($"Alert {Key}: image {image.ContentId} is not a PNG file.", nameof(Images));
            }

            if (string.IsNullOrWhiteSpace(image.FileName) || image.FileName != Path.GetFileName(image.FileName))
            {
                throw new ArgumentException($"Alert {Key}: image {image.ContentId} needs a plain file name (was '{image.FileName}').", nameof(Images));
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._\-@]{1,100}$")]
    private static partial Regex ContentIdPattern();

    // Deliberately simple: one @, something on each side, no spaces or angle brackets; the SMTP server has the last word.
    [GeneratedRegex(@"^[^@\s<>,;]+@[^@\s<>,;]+$")]
    private static partial Regex AddressPattern();
}
