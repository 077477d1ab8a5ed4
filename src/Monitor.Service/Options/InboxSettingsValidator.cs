using Microsoft.Extensions.Options;

namespace Monitor.Service.Options;

/// <summary>Checks section <c>Inbox</c> at start.</summary>
public sealed class InboxSettingsValidator : IValidateOptions<InboxSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InboxSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Pattern.Contains("{cycle}", StringComparison.Ordinal))
        {
            failures.Add($"Inbox:Pattern = '{options.Pattern}' must contain {{cycle}} (e.g. {{cycle}}/* or fc_{{cycle}}_{{step}}.grib2).");
        }

        if (string.IsNullOrEmpty(options.Marker) && options.ExpectedLeadHours is not { Length: > 0 } && options.ExpectedFileCount is null)
        {
            failures.Add("Inbox: no completion rule: set Inbox:Marker, or Inbox:ExpectedLeadHours (with {step} in Inbox:Pattern), or Inbox:ExpectedFileCount.");
        }

        if (options.ExpectedFileCount is int count && count < 1)
        {
            failures.Add($"Inbox:ExpectedFileCount = {count} must be ≥ 1.");
        }

        MonitorSettingsValidator.Range(failures, "Inbox:SettleSeconds", options.SettleSeconds, 0, 86_400);
        MonitorSettingsValidator.Range(failures, "Inbox:ScanIntervalSeconds", options.ScanIntervalSeconds, 1, 86_400);
        MonitorSettingsValidator.Range(failures, "Inbox:MaxAgeHours", options.MaxAgeHours, 0, 1_000_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
