using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Monitoring.Reports;
using Monitor.Service.Plotting;

namespace Monitor.Service.Hosting;

/// <summary>
/// Puts the relevance maps of the alerted region into the alert (<see cref="RegionRelevanceMaps"/>: explained again as
/// processed, drawn as <c>explain --png</c>), the extreme field beside what the model makes of it where that can be
/// measured (<see cref="DeparturePanel"/>) and, when the region was scored against the relevance climatology, each
/// input's share against its climatological band (<see cref="ShareBandChart"/>). Maps that cannot be made are logged
/// and the alert goes out without them — an alert is never held back for its illustration.
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

        Alert illustrated = alert;
        try
        {
            RegionPictures pictures = maps.Draw(region, report, files);
            illustrated = illustrated with { Images = [.. illustrated.Images, new AlertImage($"relevance-{alert.Revision}@v2v",
                $"relevance-{region.RegionId}-{region.LeadHours}h.png", pictures.Relevance,
                $"Relevance of each input for {region.RegionId} at +{region.LeadHours} h, one colour scale for all inputs")] };
            if (pictures.Departures is { } departures)
            {
                illustrated = illustrated with { Images = [.. illustrated.Images, new AlertImage($"departures-{alert.Revision}@v2v",
                    $"departures-{region.RegionId}-{region.LeadHours}h.png", departures,
                    $"The forecast's departure from the climatology around {region.RegionId} at +{region.LeadHours} h, the model's, and the part its inputs do not account for")] };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotIllustrated(logger, ex, alert.Key, ex.Message);
        }

        ExplainedRegion? explained = report.Explanations.FirstOrDefault(e => e.Model == region.Model && e.Source == region.Source
            && e.RegionId == region.RegionId && e.LeadHours == region.LeadHours);
        if (explained?.Anomaly is { } anomaly)
        {
            try
            {
                string title = string.Create(CultureInfo.InvariantCulture,
                    $"{region.RegionId} at +{region.LeadHours} h: share of relevance against {anomaly.Hour:D2} UTC, {MeteorologicalSeason.Months(anomaly.Season)}");
                byte[] chart = ShareBandChart.Encode([.. explained.Inputs.Select(i => i.Input)], [.. explained.Inputs.Select(i => i.Share)],
                    anomaly.ShareMeans, anomaly.ShareStandardDeviations, title);
                illustrated = illustrated with { Images = [.. illustrated.Images, new AlertImage($"shares-{alert.Revision}@v2v",
                    $"shares-{region.RegionId}-{region.LeadHours}h.png", chart,
                    "Each input's share of the relevance (bar) against its climatological band, mean ± 1 σ")] };
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                LogNotIllustrated(logger, ex, alert.Key, ex.Message);
            }
        }

        return illustrated;
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Alert {Key}: sent without a picture of its relevance: {Reason}")]
    private static partial void LogNotIllustrated(ILogger logger, Exception exception, string key, string reason);
}
