using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Alerts.Rules;

/// <summary>
/// Model–forecast inconsistency: at some lead, the area where the forecast's own target field departs from the transfer
/// model's prediction by more than k × the model's validation RMSE (docs/configuration.md, <c>DisagreementFactor</c>)
/// reaches <see cref="WarningAreaKm2"/> (warning) or <see cref="SevereAreaKm2"/> (severe). One event per model while it lasts.
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="WarningAreaKm2">Disagreement area from which it is a warning, km².</param>
/// <param name="SevereAreaKm2">From which it is severe, km² (≥ <paramref name="WarningAreaKm2"/>).</param>
/// <param name="Recipients">Who gets it.</param>
public sealed record InconsistencyRule(string Name, double WarningAreaKm2, double SevereAreaKm2, IReadOnlyList<string> Recipients) : ICycleAlertRule
{
    /// <inheritdoc />
    public IReadOnlyList<AlertCandidate> Evaluate(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var candidates = new List<AlertCandidate>();
        foreach (ModelReport model in report.Models.Where(m => m.HasForecastTarget))
        {
            LeadSkill? worst = model.Leads.Where(l => l.DisagreementAreaKm2 >= WarningAreaKm2).MaxBy(l => l.DisagreementAreaKm2);
            if (worst is null)
            {
                continue;
            }

            string summary = string.Create(c,
                $"The forecast's {model.Target} departs from model {model.Model} over {worst.DisagreementAreaKm2 / 1e6:F2} million km² at +{worst.LeadHours} h (more than {model.DisagreementThreshold:F1} {model.Units} apart)");
            var details = new System.Text.StringBuilder().AppendLine(summary).AppendLine();
            foreach (LeadSkill lead in model.Leads)
            {
                details.AppendLine(string.Create(c,
                    $"  +{lead.LeadHours,3} h  disagreement {lead.DisagreementAreaKm2 / 1e3,9:F0} thousand km² ({lead.DisagreementCells} cells), RMSE {lead.Rmse:F2}, bias {lead.Bias:F2} {model.Units}"));
            }

            candidates.Add(new AlertCandidate(Name, $"{model.Model}/disagreement", "disagreement", "disagreement",
                worst.DisagreementAreaKm2 >= SevereAreaKm2 ? AlertSeverity.Severe : AlertSeverity.Warning, worst.DisagreementAreaKm2,
                CycleId.Parse(report.Cycle), worst.ValidTime, worst.LeadHours, summary, details.ToString(), Recipients));
        }

        return candidates;
    }
}
