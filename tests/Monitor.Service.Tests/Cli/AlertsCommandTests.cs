using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Monitor.Core.Alerts;
using Monitor.Service.Adapters.State;
using Monitor.Service.Tests.Alerts;
using Monitor.Service.Tests.Influx;
using SmtpServer.Protocol;

namespace Monitor.Service.Tests.Cli;

/// <summary><c>alerts test</c> against a real SMTP server on loopback, and <c>alerts list</c> over an outbox.</summary>
public sealed class AlertsCommandTests
{
    private static readonly ManualClock s_clock = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Alerts_test_sends_an_email_with_an_inline_image_and_says_what_happened()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var dir = new TestDirectory();
        string config = Config(dir, server.Port);

        CliRun run = await CliRun.InvokeAsync(s_clock, "alerts", "test", "--to", "duty@example.org", "--config", config);

        Assert.True(run.ExitCode == 0, run.Error);
        MimeMessage message = Assert.Single(server.Messages);
        Assert.Equal(["duty@example.org"], server.RecipientsOffered);
        Assert.Contains($"sending to duty@example.org via smtp://127.0.0.1:{server.Port} None", run.Output, StringComparison.Ordinal);
        Assert.Contains("connected: smtp://127.0.0.1", run.Output, StringComparison.Ordinal);
        Assert.Contains($"sent: Message-ID <{message.MessageId}>", run.Output, StringComparison.Ordinal);
        Assert.Contains("the server replied:", run.Output, StringComparison.Ordinal);
        MimePart image = Assert.Single(message.BodyParts.OfType<MimePart>(), p => p.ContentType.MimeType == "image/png");
        Assert.Contains($"cid:{image.ContentId}", message.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("[V2V INFO] Test alert from V2V Monitor", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_test_reports_a_refusal_with_the_servers_reply()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        server.RecipientReply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 unknown duty desk");
        using var dir = new TestDirectory();

        CliRun run = await CliRun.InvokeAsync(s_clock, "alerts", "test", "--to", "nobody@example.org", "--config", Config(dir, server.Port));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not sent (permanent): recipient <nobody@example.org> refused: 550 5.1.1 unknown duty desk", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Alerts_test_without_a_server_configured_names_the_key()
    {
        using var dir = new TestDirectory();

        CliRun run = await CliRun.InvokeAsync(s_clock, "alerts", "test", "--to", "duty@example.org", "--data", dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("e-mail is off: set Monitor:Alerts:Smtp:Host", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_resend_requeues_a_failed_alert_and_names_one_it_cannot()
    {
        using var dir = new TestDirectory();
        string state = Path.Combine(dir.Path, "state");
        using (var outbox = new SqliteAlertOutbox(state, NullLogger<SqliteAlertOutbox>.Instance))
        {
            Alert refused = TestAlerts.Create(key: "relevance/po-valley/track-7");
            await outbox.EnqueueAsync(refused, s_clock.Now.AddMinutes(-30));
            OutboxClaim claim = (await outbox.ClaimAsync(refused.Key, 1, s_clock.Now.AddMinutes(-29), s_clock.Now))!;
            await outbox.MarkFailedAsync(claim, s_clock.Now.AddMinutes(-29), "recipient <x@example.org> refused: 550 5.1.1 no such user");
        }

        CliRun resent = await CliRun.InvokeAsync(s_clock, "alerts", "resend", "relevance/po-valley/track-7", "--revision", "1", "--data", dir.Path);
        CliRun again = await CliRun.InvokeAsync(s_clock, "alerts", "resend", "relevance/po-valley/track-7", "--revision", "1", "--data", dir.Path);
        CliRun list = await CliRun.InvokeAsync(s_clock, "alerts", "list", "--data", dir.Path);

        Assert.True(resent.ExitCode == 0, resent.Error);
        Assert.Contains("relevance/po-valley/track-7 revision 1 is pending again; the running service sends it within 15 s (Monitor:Alerts:Outbox:IntervalSeconds)",
            resent.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("the outbox has no failed or unconfirmed alert relevance/po-valley/track-7 revision 1", again.Error, StringComparison.Ordinal);
        Assert.Contains("1 pending, 0 sending, 0 sent, 0 failed, 0 unconfirmed", list.Output, StringComparison.Ordinal);
        Assert.Contains("resend requested 2026-12-07 03:00 UTC (was failed", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_list_shows_key_rule_severity_state_attempts_and_last_error()
    {
        using var dir = new TestDirectory();
        string state = Path.Combine(dir.Path, "state");
        using (var outbox = new SqliteAlertOutbox(state, NullLogger<SqliteAlertOutbox>.Instance))
        {
            Alert refused = TestAlerts.Create(key: "relevance/po-valley/track-7", severity: AlertSeverity.Severe);
            await outbox.EnqueueAsync(refused, s_clock.Now.AddMinutes(-30));
            OutboxClaim claim = (await outbox.ClaimAsync(refused.Key, 1, s_clock.Now.AddMinutes(-29), s_clock.Now))!;
            await outbox.MarkFailedAsync(claim, s_clock.Now.AddMinutes(-29), "recipient <x@example.org> refused: 550 5.1.1 no such user");
            await outbox.EnqueueAsync(TestAlerts.Create(key: "health/no-cycle"), s_clock.Now.AddMinutes(-20));
        }

        CliRun run = await CliRun.InvokeAsync(s_clock, "alerts", "list", "--data", dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("health/no-cycle", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"relevance/po-valley/track-7\s+1\s+anomalous-relevance\s+severe\s+failed\s+1\s+2026-12-07 02:31\s+recipient <x@example.org> refused: 550 5.1.1 no such user", lines[2]);
        Assert.Contains("1 pending, 0 sending, 0 sent, 1 failed, 0 unconfirmed; oldest undelivered 20 min", lines[3], StringComparison.Ordinal);
    }

    private static string Config(TestDirectory dir, int port)
    {
        string path = dir.File("appsettings.json");
        File.WriteAllText(path, $$"""
            {
              "Data": { "Root": "{{dir.File("data")}}" },
              "Monitor": { "Alerts": { "Smtp": { "Host": "127.0.0.1", "Port": {{port}}, "Security": "None", "From": "V2V Monitor <v2v@example.org>", "TimeoutSeconds": 5 } } }
            }
            """);
        return path;
    }
}
