using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Alerts;
using Monitor.Service.Hosting;
using Monitor.Service.Http;
using Monitor.Service.Tests.Alerts;

namespace Monitor.Service.Tests.Hosting;

/// <summary>
/// <c>serve</c> with <c>Monitor:Alerts:Smtp</c> set: the delivery job drains the outbox while the mail server is down
/// (the alert stays queued, /metrics shows it), delivers it once the server is up, and neither later drains nor a
/// restart send it again.
/// </summary>
public sealed class ServeAlertsTests(MonitorFixture fixture) : IClassFixture<MonitorFixture>
{
    [Fact]
    public async Task Serve_keeps_an_alert_queued_while_smtp_is_down_and_delivers_it_once_when_it_is_up()
    {
        string data = fixture.NewDataDirectory();
        await using var server = new LoopbackSmtpServer();
        string[] args = fixture.ServeArgs(data, "--Monitor:Alerts:Smtp:Host=127.0.0.1", $"--Monitor:Alerts:Smtp:Port={server.Port}",
            "--Monitor:Alerts:Smtp:Security=None", "--Monitor:Alerts:Smtp:From=v2v@example.org", "--Monitor:Alerts:Smtp:TimeoutSeconds=5",
            "--Monitor:Alerts:Outbox:IntervalSeconds=1", "--Monitor:Alerts:Outbox:FirstRetrySeconds=1", "--Monitor:Alerts:Outbox:MaxRetrySeconds=2");
        Alert alert = TestAlerts.Create();

        await using (WebApplication app = MonitorHost.Build(args))
        {
            IAlertOutbox outbox = app.Services.GetRequiredService<IAlertOutbox>();
            Assert.True(await outbox.EnqueueAsync(alert, DateTimeOffset.UtcNow));
            await app.StartAsync();
            try
            {
                await Eventually.WaitUntilAsync(async () => (await outbox.FindAsync(alert.Key, 1))!.Attempts >= 2);
                OutboxEntry queued = (await outbox.FindAsync(alert.Key, 1))!;
                Assert.Equal(OutboxState.Pending, queued.State);
                Assert.Contains("cannot connect", queued.LastError, StringComparison.Ordinal);
                Assert.Contains("v2v_alert_outbox_depth 1", app.Services.GetRequiredService<PrometheusExporter>().Scrape(), StringComparison.Ordinal);

                await server.StartAsync();
                await Eventually.WaitUntilAsync(async () => (await outbox.FindAsync(alert.Key, 1))!.State == OutboxState.Sent);
                await Eventually.WaitUntilAsync(() => Task.FromResult(
                    app.Services.GetRequiredService<PrometheusExporter>().Scrape().Contains("v2v_alert_outbox_depth 0", StringComparison.Ordinal)));
                string metrics = app.Services.GetRequiredService<PrometheusExporter>().Scrape();
                Assert.Contains("v2v_alerts_total{outcome=\"sent\"} 1", metrics, StringComparison.Ordinal);
                Assert.Contains("v2v_alerts_total{outcome=\"retrying\"}", metrics, StringComparison.Ordinal);
                using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };
                using JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
                Assert.Equal(0, health.RootElement.GetProperty("alertOutbox").GetProperty("pending").GetInt32());
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            finally
            {
                await app.StopAsync();
            }
        }

        await using (WebApplication restarted = MonitorHost.Build(args))
        {
            await restarted.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await restarted.StopAsync();
        }

        Assert.Single(server.Messages);
        Assert.Equal(alert.Key, server.Messages[0].Headers["X-V2V-Alert-Key"]);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
