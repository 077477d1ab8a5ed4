using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Service.Options;

/// <summary>
/// The SMTP server alerts are sent through (section <c>Monitor:Alerts:Smtp</c>; docs/configuration.md). E-mail is off
/// while <see cref="Host"/> is empty. The password comes from a file or an environment variable only and is never shown
/// by <see cref="ToString"/> or logged.
/// </summary>
public sealed class AlertSmtpOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Monitor:Alerts:Smtp";

    /// <summary>The server's host name or address; empty (the default) switches e-mail off.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port; default 587 (1–65535).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured; default <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Whether TLS checks the server certificate's revocation (CRL/OCSP); default true.</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>
    /// A PEM file of certificates to trust as roots for the server's certificate besides the system's (an internal CA,
    /// or the server's own self-signed certificate); empty (the default) trusts the system's store only. The host name
    /// must still match the certificate.
    /// </summary>
    public string? TrustedCertificateFile { get; set; }

    /// <summary>The user to authenticate as; empty (the default) sends without authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>A file whose content (trailing line break removed) is the password; read at every connection.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The name of an environment variable holding the password (e.g. <c>V2V_SMTP_PASSWORD</c>).</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>The sender, <c>V2V Monitor &lt;v2v@example.org&gt;</c> or a bare address; required with <see cref="Host"/>. Its domain ends every Message-ID.</summary>
    public string? From { get; set; }

    /// <summary>Timeout of each network operation (connect, a command, a block of the message), in seconds; default 30 (1–600).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Whether e-mail is on (a <see cref="Host"/> is set).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>How long a sender holds an alert it is sending: 60 s + 10 × <see cref="TimeoutSeconds"/> (docs/alerts.md).</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(60 + (10 * TimeoutSeconds));

    /// <summary>The password from <see cref="PasswordFile"/> or <see cref="PasswordEnvironmentVariable"/>, or null without a user.</summary>
    /// <exception cref="IOException">The file cannot be read, or the variable is not set (the message names it, never the value).</exception>
    public string? ResolvePassword()
    {
        if (!string.IsNullOrEmpty(PasswordFile))
        {
            return File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');
        }

        if (!string.IsNullOrEmpty(PasswordEnvironmentVariable))
        {
            return Environment.GetEnvironmentVariable(PasswordEnvironmentVariable)
                ?? throw new IOException($"{Section}:PasswordEnvironmentVariable names {PasswordEnvironmentVariable}, which is not set in this process.");
        }

        return null;
    }

    /// <summary>The settings with the password's source but never its value, safe for logs.</summary>
    /// <summary>The certificates of a PEM file (each <c>-----BEGIN CERTIFICATE-----</c> block, in order).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A block is not a certificate.</exception>
    public static X509Certificate2Collection ReadTrustedCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Host={Host ?? "(off)"} Port={Port} Security={Security} UserName={UserName ?? "none"} Password={PasswordSource()} From={From} TimeoutSeconds={TimeoutSeconds}");

    private string PasswordSource() =>
        !string.IsNullOrEmpty(PasswordFile) ? $"(from file {PasswordFile})"
        : !string.IsNullOrEmpty(PasswordEnvironmentVariable) ? $"(from ${PasswordEnvironmentVariable})"
        : "none";
}
