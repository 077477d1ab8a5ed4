using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitor.Service.Options;

/// <summary>
/// Checks <see cref="InfluxOptions"/> at start-up. Messages name the key (<c>Influx:Url</c>) and the accepted values;
/// they never quote a secret.
/// </summary>
public sealed class InfluxOptionsValidator : IValidateOptions<InfluxOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string S = InfluxOptions.SectionName;

        if (options.Enabled
            && (!Uri.TryCreate(options.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{S}:Url must be an absolute http:// or https:// URL such as http://127.0.0.1:8086, or empty to switch the InfluxDB sink off (was '{options.Url}').");
        }

        if (!Enum.IsDefined(options.Api))
        {
            failures.Add($"{S}:Api must be auto, v1 or v2 (was '{options.Api}').");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add($"{S}:Database must name the v1 database (default v2vmonitor); it was empty.");
        }

        if (options.Bucket is { } bucket && bucket.Trim().Length == 0)
        {
            failures.Add($"{S}:Bucket must be a bucket name or left out (default <Database>/<RetentionPolicy or autogen>); it was blank.");
        }

        Exclusive(failures, options.Password, options.PasswordFile, $"{S}:Password", $"{S}:PasswordFile");
        Exclusive(failures, options.Token, options.TokenFile, $"{S}:Token", $"{S}:TokenFile");
        Readable(failures, options.PasswordFile, $"{S}:PasswordFile");
        Readable(failures, options.TokenFile, $"{S}:TokenFile");

        if (string.IsNullOrEmpty(options.User) && (!string.IsNullOrEmpty(options.Password) || !string.IsNullOrEmpty(options.PasswordFile)))
        {
            failures.Add($"{S}:Password is set but {S}:User is not: set the user the password belongs to.");
        }

        Range(failures, options.TimeoutSeconds, 1, 600, $"{S}:TimeoutSeconds", "seconds");
        Range(failures, options.FlushIntervalSeconds, 1, 3600, $"{S}:FlushIntervalSeconds", "seconds");
        Range(failures, options.SpoolQuotaMegabytes, 1, 1_048_576, $"{S}:SpoolQuotaMegabytes", "megabytes");
        Range(failures, options.BatchLines, 1, 1_000_000, $"{S}:BatchLines", "lines per request");
        if (options.ServiceStatusSeconds != 0)
        {
            Range(failures, options.ServiceStatusSeconds, 10, 86_400, $"{S}:ServiceStatusSeconds", "seconds (0 = none)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Exclusive(List<string> failures, string? value, string? file, string valueKey, string fileKey)
    {
        if (!string.IsNullOrEmpty(value) && !string.IsNullOrEmpty(file))
        {
            failures.Add($"{valueKey} and {fileKey} are both set: keep one (the file is preferred for secrets).");
        }
    }

    private static void Readable(List<string> failures, string? file, string key)
    {
        if (!string.IsNullOrEmpty(file) && !File.Exists(file))
        {
            failures.Add($"{key} names '{file}', which does not exist or is not a file.");
        }
    }

    private static void Range(List<string> failures, int value, int min, int max, string key, string unit)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max} {unit} (was {value})."));
        }
    }
}
