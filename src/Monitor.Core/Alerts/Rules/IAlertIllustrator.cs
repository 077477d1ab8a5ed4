using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>Adds pictures to an alert about an explained region (relevance maps around it); returns the alert unchanged when it cannot.</summary>
public interface IAlertIllustrator
{
    /// <summary>The alert raised for <paramref name="candidate"/> of <paramref name="report"/>, read from <paramref name="files"/>, with its images.</summary>
    public Alert Illustrate(Alert alert, AlertCandidate candidate, CycleReport report, IReadOnlyList<string> files);
}
