using System.Globalization;
using Microsoft.Extensions.Options;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;

namespace Monitor.Service.Options;

/// <summary>Checks <see cref="AlertRulesOptions"/> at start, naming the key.</summary>
/// <param name="monitor">The monitor settings (anomalous-relevance and unexplained-extreme rules need a relevance climatology, the latter a climatology too).</param>
public sealed class AlertRulesOptionsValidator(IOptions<MonitorSettings> monitor) : IValidateOptions<AlertRulesOptions>
{
    /// <summary>The rule kinds.</summary>
    public static readonly string[] Kinds = ["anomalous-relevance", "unexplained-extreme", "inconsistency", "regime-onset"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertRulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        const string S = AlertRulesOptions.Section;
        var failures = new List<string>();
        if (!(options.MaxCycleAgeHours is >= 0 and <= 8760))
        {
            failures.Add(string.Create(c, $"{S}:MaxCycleAgeHours = {options.MaxCycleAgeHours} is outside 0…8760 h (0 = no limit)."));
        }

        if (!(options.ThrottleHours is >= 0 and <= 168))
        {
            failures.Add(string.Create(c, $"{S}:ThrottleHours = {options.ThrottleHours} is outside 0…168 h."));
        }

        if (options.ClearAfterCycles is < 1 or > 100 || options.MaxPerHour is < 1 or > 1000)
        {
            failures.Add(string.Create(c, $"{S}:ClearAfterCycles = {options.ClearAfterCycles} (1…100) or {S}:MaxPerHour = {options.MaxPerHour} (1…1000) is out of range."));
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl)
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{S}:ServiceUrl = '{options.ServiceUrl}' must be an absolute http:// or https:// URL.");
        }

        if (!string.IsNullOrEmpty(options.GrafanaUrl)
            && (!Uri.TryCreate(options.GrafanaUrl, UriKind.Absolute, out Uri? grafana) || (grafana.Scheme != Uri.UriSchemeHttp && grafana.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{S}:GrafanaUrl = '{options.GrafanaUrl}' must be an absolute http:// or https:// URL.");
        }

        if (options.HealthRecipients.Any(r => !Alert.IsAddress(r)))
        {
            failures.Add($"{S}:HealthRecipients = '{string.Join(", ", options.HealthRecipients)}' must be addresses like name@example.org.");
        }

        if (!(options.HealthNoCycleHours > 0) || options.HealthFailuresInARow < 1 || !(options.HealthBacklogHours > 0) || options.HealthCheckMinutes is < 1 or > 60
            || !double.IsFinite(options.HealthNoCycleHours + options.HealthBacklogHours))
        {
            failures.Add(string.Create(c,
                $"{S}: HealthNoCycleHours = {options.HealthNoCycleHours} and HealthBacklogHours = {options.HealthBacklogHours} must be > 0 h, HealthFailuresInARow = {options.HealthFailuresInARow} ≥ 1, HealthCheckMinutes = {options.HealthCheckMinutes} in 1…60."));
        }

        for (int i = 0; i < options.Rules.Count; i++)
        {
            AlertRuleSettings rule = options.Rules[i];
            string key = $"{S}:Rules:{i}";
            if (rule.Name.Length == 0 || !rule.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            {
                failures.Add($"{key}:Name = '{rule.Name}' must be letters, digits, '-' or '_' (it is part of every alert key).");
            }

            if (!Kinds.Contains(rule.Kind))
            {
                failures.Add($"{key}:Kind = '{rule.Kind}' must be {string.Join(", ", Kinds)}.");
            }

            if (rule.Recipients.Count == 0 || rule.Recipients.Any(r => !Alert.IsAddress(r)))
            {
                failures.Add($"{key}:Recipients = '{string.Join(", ", rule.Recipients)}' must be one or more addresses like name@example.org.");
            }

            if (rule.Area.Length > 0 && rule.Kind is not ("anomalous-relevance" or "unexplained-extreme"))
            {
                failures.Add($"{key}:Area applies to anomalous-relevance and unexplained-extreme rules, not {rule.Kind}.");
            }
            else if (rule.Area.Length > 0 && AlertArea.Parse(rule.Area, out string? why) is null)
            {
                failures.Add($"{key}:Area = {why}.");
            }

            if (rule.Kind == "anomalous-relevance")
            {
                if (!(rule.WarningScore > 0) || !(rule.SevereScore >= rule.WarningScore) || !double.IsFinite(rule.SevereScore))
                {
                    failures.Add(string.Create(c, $"{key}: WarningScore = {rule.WarningScore} must be > 0 and SevereScore = {rule.SevereScore} at least that."));
                }

                if (string.IsNullOrEmpty(monitor.Value.RelevanceClimatology))
                {
                    failures.Add($"{key} ('{rule.Name}') scores against the relevance climatology, but Monitor:RelevanceClimatology is empty.");
                }
            }

            if (rule.Kind == "unexplained-extreme")
            {
                if (!(rule.WarningFactor > 0) || !(rule.SevereFactor >= rule.WarningFactor) || !double.IsFinite(rule.SevereFactor))
                {
                    failures.Add(string.Create(c, $"{key}: WarningFactor = {rule.WarningFactor} must be > 0 and SevereFactor = {rule.SevereFactor} at least that."));
                }

                if (rule.Measure is not ("core" or "region"))
                {
                    failures.Add($"{key}:Measure = '{rule.Measure}' must be core or region.");
                }

                if (string.IsNullOrEmpty(monitor.Value.Climatology))
                {
                    failures.Add($"{key} ('{rule.Name}') compares the forecast with the climatology, but Monitor:Climatology is empty.");
                }

                if (string.IsNullOrEmpty(monitor.Value.RelevanceClimatology))
                {
                    failures.Add($"{key} ('{rule.Name}') judges against the model's usual unexplained departure in the relevance climatology, but Monitor:RelevanceClimatology is empty.");
                }
            }

            if (rule.Kind == "inconsistency" && (!(rule.WarningAreaKm2 > 0) || !(rule.SevereAreaKm2 >= rule.WarningAreaKm2) || !double.IsFinite(rule.SevereAreaKm2)))
            {
                failures.Add(string.Create(c, $"{key}: WarningAreaKm2 = {rule.WarningAreaKm2} must be > 0 km² and SevereAreaKm2 = {rule.SevereAreaKm2} at least that."));
            }

            if (rule.Kind == "regime-onset" && (rule.MinimumLeads < 1 || rule.Severity is not ("info" or "warning" or "severe")))
            {
                failures.Add(string.Create(c, $"{key}: MinimumLeads = {rule.MinimumLeads} must be ≥ 1 and Severity = '{rule.Severity}' info, warning or severe."));
            }
        }

        if (options.Rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            failures.Add($"{S}:Rules: the name '{twice.Key}' is used twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
