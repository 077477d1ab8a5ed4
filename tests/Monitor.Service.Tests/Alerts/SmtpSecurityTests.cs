using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitor.Core.Alerts;
using Monitor.Service.Options;

namespace Monitor.Service.Tests.Alerts;

/// <summary>
/// Security = StartTls (the default) never falls back to plain text: a server that offers no STARTTLS, or a certificate
/// nobody vouches for, leaves the alert queued with an error that says so, and nothing is sent.
/// </summary>
public sealed class SmtpSecurityTests
{
    [Fact]
    public async Task StartTls_against_a_server_without_starttls_sends_nothing_in_plain_text()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        rig.Options.Security = SmtpSecurity.StartTls;
        rig.Restart();
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();

        OutboxEntry entry = await rig.EntryAsync(alert);
        Assert.Equal(1, result.Retrying);
        Assert.Equal(OutboxState.Pending, entry.State);
        Assert.Contains("STARTTLS", entry.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
        Assert.Empty(server.RecipientsOffered);
    }

    [Fact]
    public async Task StartTls_refuses_a_certificate_nobody_vouches_for_and_keeps_the_alert_queued()
    {
        using X509Certificate2 certificate = SelfSigned();
        await using var server = new LoopbackSmtpServer { Certificate = certificate };
        await server.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        rig.Options.Security = SmtpSecurity.StartTls;
        rig.Options.CheckCertificateRevocation = false;
        rig.Restart();
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();

        OutboxEntry entry = await rig.EntryAsync(alert);
        Assert.Equal(1, result.Retrying);
        Assert.Equal(OutboxState.Pending, entry.State);
        Assert.Contains("TLS handshake failed", entry.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    /// <summary>
    /// With the server's certificate in <c>TrustedCertificateFile</c>, STARTTLS and TLS from the first byte both deliver
    /// the alert over an encrypted session; a file holding another certificate, or a certificate for another host name,
    /// still refuses the server and keeps the alert queued.
    /// </summary>
    [Theory]
    [InlineData(SmtpSecurity.StartTls, "trusted", true)]
    [InlineData(SmtpSecurity.SslOnConnect, "trusted", true)]
    [InlineData(SmtpSecurity.StartTls, "another", false)]
    [InlineData(SmtpSecurity.StartTls, "other-host", false)]
    public async Task A_trusted_certificate_file_lets_a_self_signed_server_in_and_nothing_else(SmtpSecurity security, string trust, bool delivered)
    {
        using X509Certificate2 certificate = SelfSigned(trust == "other-host" ? "mail.example.org" : "localhost", loopback: trust != "other-host");
        using X509Certificate2 another = SelfSigned("localhost", loopback: true);
        await using var server = new LoopbackSmtpServer { Certificate = certificate, ImplicitTls = security == SmtpSecurity.SslOnConnect };
        await server.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        string pem = Path.Combine(rig.State, "trusted.pem");
        File.WriteAllText(pem, (trust == "another" ? another : certificate).ExportCertificatePem());
        rig.Options.Security = security;
        rig.Options.CheckCertificateRevocation = false;
        rig.Options.TrustedCertificateFile = pem;
        rig.Restart();
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();

        OutboxEntry entry = await rig.EntryAsync(alert);
        if (delivered)
        {
            Assert.Equal((1, OutboxState.Sent), (result.Sent, entry.State));
            Assert.Single(server.Messages);
            Assert.Contains(rig.Logs.Lines, l => l.Contains("TLS (Tls", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal((1, OutboxState.Pending), (result.Retrying, entry.State));
            Assert.Contains("TLS handshake failed", entry.LastError, StringComparison.Ordinal);
            Assert.Empty(server.Messages);
        }
    }

    private static X509Certificate2 SelfSigned(string host = "localhost", bool loopback = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        if (loopback)
        {
            names.AddIpAddress(System.Net.IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
