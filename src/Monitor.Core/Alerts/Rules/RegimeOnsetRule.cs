using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Onset of a new weather regime in the forecast: from some lead on, a regime other than the one at the first lead (and
/// other than <c>none</c>) holds for at least <see cref="MinimumLeads"/> consecutive leads. One event per regime and onset
/// day; an info alert unless configured otherwise.
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="MinimumLeads">Consecutive leads the new regime must hold.</param>
/// <param name="Severity">The alert's severity.</param>
/// <param name="Recipients">Who gets it.</param>
public sealed record RegimeOnsetRule(string Name, int MinimumLeads, AlertSeverity Severity, IReadOnlyList<string> Recipients) : ICycleAlertRule
{
    /// <summary>The label of a lead without a regime.</summary>
    public const string NoRegime = "none";

    /// <inheritdoc />
    public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<RegimeLead> leads = [.. report.Regimes.OrderBy(r => r.LeadHours)];
        if (leads.Count == 0)
        {
            return [];
        }

        string current = leads[0].Label;
        for (int start = 1; start < leads.Count; start++)
        {
            string label = leads[start].Label;
            if (label == current || label == NoRegime)
            {
                continue;
            }

            int run = leads.Skip(start).TakeWhile(l => l.Label == label).Count();
            if (run < MinimumLeads)
            {
                continue;
            }

            RegimeLead onset = leads[start];
            var c = CultureInfo.InvariantCulture;
            string summary = string.Create(c,
                $"Regime change in the forecast: {onset.Name} ({label}) from +{onset.LeadHours} h (valid {onset.ValidTime:yyyy-MM-dd HH} UTC) for {run} leads, after {leads[0].Name} ({current})");
            var details = new System.Text.StringBuilder().AppendLine(summary).AppendLine();
            foreach (RegimeLead lead in leads)
            {
                details.AppendLine(string.Create(c, $"  +{lead.LeadHours,3} h  {lead.Label,-6} {lead.Name}"));
            }

            string track = string.Create(c, $"{label}@{onset.ValidTime:yyyyMMdd}");
            return [new AlertCandidate(Name, "regime", track, track, Severity, run, CycleId.Parse(report.Cycle), onset.ValidTime, onset.LeadHours,
                summary, details.ToString(), Recipients)];
        }

        return [];
    }
}
