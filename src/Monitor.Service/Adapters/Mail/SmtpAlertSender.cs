using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Monitor.Core.Alerts;
using Monitor.Service.Options;

namespace Monitor.Service.Adapters.Mail;

/// <summary>
/// Sends alerts as e-mail through an SMTP server with MailKit (<c>Monitor:Alerts:Smtp</c>). Opening a session connects,
/// secures and authenticates; every failure there is transient for the alerts (a wrong password or an unreachable
/// server is fixed by the operator, after which the queue is delivered). The password is read at each connection from
/// its file or environment variable and never logged.
/// </summary>
public sealed class SmtpAlertSender : IAlertSender
{
    private readonly AlertSmtpOptions _options;
    private readonly MailboxAddress _from;
    private readonly string _host;
    private readonly ILogger<SmtpAlertSender> _logger;

    /// <summary>Creates the sender; nothing is opened until <see cref="OpenAsync"/>.</summary>
    public SmtpAlertSender(AlertSmtpOptions options, ILogger<SmtpAlertSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!options.Enabled)
        {
            throw new ArgumentException($"{AlertSmtpOptions.Section}:Host is not set: e-mail is off.", nameof(options));
        }

        _options = options;
        _from = MailboxAddress.Parse(options.From ?? "");
        _host = options.Host!;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Describe() =>
        $"smtp://{_options.Host}:{_options.Port} {_options.Security}{(string.IsNullOrEmpty(_options.UserName) ? "" : $" as {_options.UserName}")}";

    /// <inheritdoc />
    public async Task<IAlertSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        var client = new TrackingSmtpClient
        {
            Timeout = _options.TimeoutSeconds * 1000,
            CheckCertificateRevocation = _options.CheckCertificateRevocation,
        };
        if (!string.IsNullOrEmpty(_options.TrustedCertificateFile))
        {
            X509Certificate2Collection roots = AlertSmtpOptions.ReadTrustedCertificates(_options.TrustedCertificateFile);
            client.ServerCertificateValidationCallback = (_, certificate, chain, errors) => Trusted(certificate, chain, errors, roots);
        }

        try
        {
            await client.ConnectAsync(_host, _options.Port, SocketOptions(_options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                string password = ReadPassword();
                await client.AuthenticateAsync(new NetworkCredential(_options.UserName, password), cancellationToken).ConfigureAwait(false);
            }

            var session = new SmtpAlertSession(client, _from, Describe(client), _logger);
            Log.Connected(_logger, session.Description);
            return session;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await client.DisconnectQuietlyAsync().ConfigureAwait(false);
            client.Dispose();
            throw new AlertSendException(AlertSendFailure.Transient, $"{Describe()}: {Reason(e)}", (e as SmtpCommandException)?.StatusCode is { } code ? (int)code : null, e);
        }
    }

    /// <summary>
    /// The server's certificate is accepted when the system trusts it, or when its chain ends in one of
    /// <paramref name="roots"/> (revocation checked as configured); a host name that does not match is never accepted.
    /// </summary>
    private bool Trusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = _options.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using X509Certificate2 server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static string Reason(Exception e) => e switch
    {
        SocketException s => $"cannot connect ({s.SocketErrorCode}): {s.Message}",
        MailKit.Security.AuthenticationException => $"authentication refused: {e.Message}",
        SslHandshakeException => $"TLS handshake failed: {e.Message.Split('\n')[0]}",
        SmtpCommandException c => $"{(int)c.StatusCode} {c.Message}",
        OperationCanceledException or TimeoutException => "no reply within the timeout (Monitor:Alerts:Smtp:TimeoutSeconds)",
        IOException io when io.InnerException is SocketException inner => $"connection lost ({inner.SocketErrorCode}): {io.Message}",
        _ => e.Message,
    };

    private string Describe(SmtpClient client) =>
        $"smtp://{_options.Host}:{_options.Port}, {(client.IsSecure ? $"TLS ({client.SslProtocol})" : "no TLS")}, " +
        (client.IsAuthenticated ? $"authenticated as {_options.UserName}" : "not authenticated");

    private string ReadPassword()
    {
        try
        {
            return _options.ResolvePassword() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read the SMTP password: {e.Message}", e);
        }
    }
}
