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

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
