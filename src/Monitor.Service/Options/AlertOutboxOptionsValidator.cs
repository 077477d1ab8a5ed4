using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitor.Service.Options;

/// <summary>Checks <see cref="AlertOutboxOptions"/> at start, naming the key.</summary>
public sealed class AlertOutboxOptionsValidator : IValidateOptions<AlertOutboxOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = AlertOutboxOptions.Section;
        var failures = new List<string>();
        Range(failures, options.IntervalSeconds, 1, 3600, $"{S}:IntervalSeconds", " s");
        Range(failures, options.FirstRetrySeconds, 1, 86_400, $"{S}:FirstRetrySeconds", " s");
        Range(failures, options.MaxRetrySeconds, Math.Max(1, options.FirstRetrySeconds), 86_400, $"{S}:MaxRetrySeconds", $" s (at least {S}:FirstRetrySeconds)");
        Range(failures, options.GiveUpAfterHours, 0, 8760, $"{S}:GiveUpAfterHours", " h (0 = never)");
        Range(failures, options.BatchSize, 1, 1000, $"{S}:BatchSize", " alerts");
        Range(failures, options.KeepDays, 1, 3650, $"{S}:KeepDays", " days");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, int value, int min, int max, string key, string unit)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {value} is outside {min}…{max}{unit}."));
        }
    }
}
