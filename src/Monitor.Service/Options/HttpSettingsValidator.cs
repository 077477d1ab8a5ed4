using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitor.Service.Options;

/// <summary>Checks section <c>Http</c> at start.</summary>
public sealed class HttpSettingsValidator : IValidateOptions<HttpSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HttpSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            failures.Add($"Http:Url = '{options.Url}' must be an absolute http:// URL such as http://127.0.0.1:8089.");
        }

        if (!(options.StaleAfterHours > 0))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Http:StaleAfterHours = {options.StaleAfterHours} must be > 0 h."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
