using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Service.Hosting;

/// <summary>
/// Puts the relevance maps of the alerted region into the alert (<see cref="RegionRelevanceMaps"/>: explained again as
/// processed, drawn as <c>explain --png</c>). A picture that cannot be made is logged and the alert goes out without
/// it — an alert is never held back for its illustration.
/// </summary>
/// <param name="maps">Explains the region again and draws it.</param>
/// <param name="logger">The log.</param>
public sealed partial class RelevanceMapIllustrator(RegionRelevanceMaps maps, ILogger<RelevanceMapIllustrator> logger) : IAlertIllustrator
{
    /// <inheritdoc />
    public Alert Illustrate(Alert alert, AlertCandidate candidate, CycleReport report, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(report);
        if (candidate.Region is not { } region)
        {
            return alert;
        }

        try
        {
            byte[] png = maps.Draw(region, report, files);
            var image = new AlertImage($"relevance-{alert.Revision}@v2v", $"relevance-{region.RegionId}-{region.LeadHours}h.png", png,
                $"Relevance of each input for {region.RegionId} at +{region.LeadHours} h, one colour scale for all inputs");
            return alert with { Images = [.. alert.Images, image] };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotIllustrated(logger, ex, alert.Key, ex.Message);
            return alert;
        }
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Alert {Key}: sent without its relevance maps: {Reason}")]
    private static partial void LogNotIllustrated(ILogger logger, Exception exception, string key, string reason);
}
