using Monitor.Core.Alerts;
using Monitor.Core.Grids;

namespace Monitor.Service.Adapters.State;

/// <summary>An alert as the outbox stores it (column <c>payload_json</c>; images as base64).</summary>
internal sealed record AlertPayload(string Key, int Revision, string Rule, AlertSeverity Severity, string? Cycle, DateTime? ValidTime, int? LeadHours,
    string Summary, string TextBody, string? HtmlBody, List<AlertPayloadImage> Images, List<AlertLink> Links, List<string> Recipients)
{
    public static AlertPayload From(Alert alert) => new(alert.Key, alert.Revision, alert.Rule, alert.Severity, alert.Cycle?.ToString(), alert.ValidTime,
        alert.LeadHours, alert.Summary, alert.TextBody, alert.HtmlBody,
        [.. alert.Images.Select(i => new AlertPayloadImage(i.ContentId, i.FileName, i.Png.ToArray(), i.Description))], [.. alert.Links], [.. alert.Recipients]);

    public Alert ToAlert() => new()
    {
        Key = Key,
        Revision = Revision,
        Rule = Rule,
        Severity = Severity,
        Cycle = Cycle is null ? null : CycleId.Parse(Cycle),
        ValidTime = ValidTime,
        LeadHours = LeadHours,
        Summary = Summary,
        TextBody = TextBody,
        HtmlBody = HtmlBody,
        Images = [.. Images.Select(i => new AlertImage(i.ContentId, i.FileName, i.Png, i.Description))],
        Links = Links,
        Recipients = Recipients,
    };
}

/// <summary>An inline image as stored.</summary>
internal sealed record AlertPayloadImage(string ContentId, string FileName, byte[] Png, string Description);
