using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Monitor.Service.Options;

/// <summary>Checks <see cref="AlertSmtpOptions"/> at start: messages name the key and what is accepted, never a secret.</summary>
public sealed class AlertSmtpOptionsValidator : IValidateOptions<AlertSmtpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertSmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = AlertSmtpOptions.Section;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Security))
        {
            failures.Add($"{S}:Security must be None, StartTls, SslOnConnect or Auto (was '{options.Security}').");
        }

        Range(failures, options.Port, 1, 65535, $"{S}:Port", "");
        Range(failures, options.TimeoutSeconds, 1, 600, $"{S}:TimeoutSeconds", " s");
        if (!string.IsNullOrEmpty(options.PasswordFile) && !string.IsNullOrEmpty(options.PasswordEnvironmentVariable))
        {
            failures.Add($"{S}:PasswordFile and {S}:PasswordEnvironmentVariable are both set: keep one.");
        }

        if (!string.IsNullOrEmpty(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            failures.Add($"{S}:PasswordFile names '{options.PasswordFile}', which does not exist or is not a file.");
        }

        if (!string.IsNullOrEmpty(options.PasswordEnvironmentVariable) && Environment.GetEnvironmentVariable(options.PasswordEnvironmentVariable) is null)
        {
            failures.Add($"{S}:PasswordEnvironmentVariable names {options.PasswordEnvironmentVariable}, which is not set in the service's environment.");
        }

        if (!string.IsNullOrEmpty(options.TrustedCertificateFile))
        {
            try
            {
                if (AlertSmtpOptions.ReadTrustedCertificates(options.TrustedCertificateFile).Count == 0)
                {
                    failures.Add($"{S}:TrustedCertificateFile '{options.TrustedCertificateFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                failures.Add($"{S}:TrustedCertificateFile '{options.TrustedCertificateFile}' cannot be read as PEM certificates: {e.Message}");
            }
        }

        bool hasPassword = !string.IsNullOrEmpty(options.PasswordFile) || !string.IsNullOrEmpty(options.PasswordEnvironmentVariable);
        if (string.IsNullOrEmpty(options.UserName) && hasPassword)
        {
            failures.Add($"{S}:PasswordFile or {S}:PasswordEnvironmentVariable is set but {S}:UserName is not: set the user the password belongs to.");
        }
        else if (!string.IsNullOrEmpty(options.UserName) && !hasPassword)
        {
            failures.Add($"{S}:UserName is set but no password source: set {S}:PasswordFile or {S}:PasswordEnvironmentVariable (a password is never read from the configuration itself).");
        }

        if (options.Enabled && (options.From is null || !MailboxAddress.TryParse(options.From, out MailboxAddress? from) || !from.Address.Contains('@', StringComparison.Ordinal)))
        {
            failures.Add($"{S}:From must be the sender's address, e.g. 'V2V Monitor <v2v@example.org>' (was '{options.From}').");
        }

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
