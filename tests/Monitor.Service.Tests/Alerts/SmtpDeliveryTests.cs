using MimeKit;
using Monitor.Core.Alerts;
using Monitor.Service.Adapters.Mail;
using SmtpServer.Protocol;

namespace Monitor.Service.Tests.Alerts;

/// <summary>
/// The outbox, the drain and the MailKit sender against a real SMTP server on loopback (the SmtpServer package
/// in-process): message structure, SMTP down, 4xx and 5xx replies, a restart while sending, a reply lost after the
/// data, dedup, and no password in the logs.
/// </summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task The_email_is_text_and_related_html_whose_inline_pngs_are_referenced_by_content_id()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();

        Assert.Equal(1, result.Sent);
        MimeMessage message = Assert.Single(server.Messages);
        Assert.Equal($"[V2V WARNING] {alert.Summary}", message.Subject);
        Assert.Equal(AlertMessageIds.For(alert.Key, 1, "example.org"), message.MessageId);
        Assert.Equal(alert.Key, message.Headers["X-V2V-Alert-Key"]);
        Assert.Equal([TestAlerts.Recipient], server.RecipientsOffered);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        Assert.True(text.IsPlain);
        Assert.Contains(alert.Summary, text.Text, StringComparison.Ordinal);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        var html = Assert.IsType<TextPart>(related.Root);
        Assert.True(html.IsHtml);
        foreach (AlertImage image in alert.Images)
        {
            MimePart part = Assert.Single(related.OfType<MimePart>(), p => p.ContentId == image.ContentId);
            Assert.NotNull(part.Content);
            Assert.Equal("image/png", part.ContentType.MimeType);
            Assert.True(part.ContentDisposition?.Disposition == ContentDisposition.Inline, $"{image.ContentId} is not inline");
            using var bytes = new MemoryStream();
            await part.Content.DecodeToAsync(bytes);
            Assert.Equal(image.Png.ToArray(), bytes.ToArray());
            Assert.Contains($"src=\"cid:{image.ContentId}\"", html.Text, StringComparison.Ordinal);
        }

        foreach (AlertLink link in alert.Links)
        {
            Assert.Contains(link.Url, text.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(link.Url)}\"", html.Text, StringComparison.Ordinal);
        }

        OutboxEntry entry = await rig.EntryAsync(alert);
        Assert.Equal(OutboxState.Sent, entry.State);
        Assert.Equal(1, entry.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(entry.Reply));
    }

    [Fact]
    public async Task A_rule_html_body_keeps_its_own_markup_and_gets_the_images_and_links_it_left_out()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create() with { HtmlBody = "<html><body><p id=\"own\">Own body</p><img src=\"cid:relevance-v10@v2vmonitor\"></body></html>" };
        await rig.EnqueueAsync(alert);

        await rig.Delivery.DeliverDueAsync();

        string html = Assert.Single(server.Messages).HtmlBody ?? "";
        Assert.Contains("<p id=\"own\">Own body</p>", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "cid:relevance-v10@v2vmonitor"));
        Assert.Equal(1, Count(html, "cid:extreme-t2m@v2vmonitor"));
        Assert.True(html.IndexOf("cid:extreme-t2m", StringComparison.Ordinal) < html.IndexOf("</body>", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:8089/reports/2026120700/report.json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_server_down_the_alert_stays_queued_and_is_delivered_exactly_once_when_it_is_up()
    {
        var server = new LoopbackSmtpServer();
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult down = await rig.Delivery.DeliverDueAsync();

        OutboxEntry queued = await rig.EntryAsync(alert);
        Assert.Equal((0, 1), (down.Sent, down.Retrying));
        Assert.Equal(OutboxState.Pending, queued.State);
        Assert.Equal(1, queued.Attempts);
        Assert.Contains("cannot connect", queued.LastError, StringComparison.Ordinal);
        Assert.Equal(rig.Clock.Now + rig.Policy.FirstRetryDelay, queued.NextAttempt);
        Assert.Equal(1, down.Status.Depth);

        await using (server)
        {
            await server.StartAsync();
            AlertDeliveryResult early = await rig.Delivery.DeliverDueAsync();
            Assert.Equal(0, early.Sent);
            Assert.Empty(server.Messages);

            rig.Advance(rig.Policy.FirstRetryDelay);
            AlertDeliveryResult up = await rig.Delivery.DeliverDueAsync();
            rig.Advance(TimeSpan.FromHours(3));
            AlertDeliveryResult again = await rig.Delivery.DeliverDueAsync();

            Assert.Equal(1, up.Sent);
            Assert.Equal(0, again.Sent);
            Assert.Single(server.Messages);
            Assert.Equal(OutboxState.Sent, (await rig.EntryAsync(alert)).State);
            Assert.Equal(0, again.Status.Depth);
        }
    }

    [Fact]
    public async Task A_5xx_reply_fails_the_alert_with_the_servers_reply_and_it_is_not_retried()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        server.RecipientReply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such forecaster here");
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();
        server.RecipientReply = null;
        rig.Advance(TimeSpan.FromHours(5));
        AlertDeliveryResult later = await rig.Delivery.DeliverDueAsync();

        OutboxEntry entry = await rig.EntryAsync(alert);
        Assert.Equal(1, result.Failed);
        Assert.Equal(OutboxState.Failed, entry.State);
        Assert.Contains("550", entry.LastError, StringComparison.Ordinal);
        Assert.Contains("no such forecaster here", entry.LastError, StringComparison.Ordinal);
        Assert.Contains(TestAlerts.Recipient, entry.LastError, StringComparison.Ordinal);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(0, later.Sent);
        Assert.Single(server.RecipientsOffered);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_4xx_reply_is_retried_after_the_backoff_and_then_delivered()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        server.RecipientReply = new SmtpResponse((SmtpReplyCode)450, "4.2.1 try again later");
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult first = await rig.Delivery.DeliverDueAsync();
        rig.Advance(TimeSpan.FromSeconds(60));
        AlertDeliveryResult second = await rig.Delivery.DeliverDueAsync();
        OutboxEntry afterSecond = await rig.EntryAsync(alert);
        server.RecipientReply = null;
        rig.Advance(TimeSpan.FromSeconds(119));
        AlertDeliveryResult tooEarly = await rig.Delivery.DeliverDueAsync();
        rig.Advance(TimeSpan.FromSeconds(1));
        AlertDeliveryResult third = await rig.Delivery.DeliverDueAsync();

        Assert.Equal(1, first.Retrying);
        Assert.Equal(1, second.Retrying);
        Assert.Contains("450 4.2.1 try again later", afterSecond.LastError, StringComparison.Ordinal);
        Assert.Equal(rig.Clock.Now, afterSecond.NextAttempt);
        Assert.Equal(0, tooEarly.Sent + tooEarly.Retrying);
        Assert.Equal(1, third.Sent);
        Assert.Equal(3, (await rig.EntryAsync(alert)).Attempts);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task An_alert_left_sending_by_a_stopped_process_is_resolved_unconfirmed_after_its_lease_and_never_sent()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);
        // The process claimed the alert (state sending, lease) and died before recording an outcome.
        OutboxClaim? claim = await rig.Outbox.ClaimAsync(alert.Key, alert.Revision, rig.Clock.Now, rig.Clock.Now + rig.Policy.Lease);
        Assert.NotNull(claim);
        rig.Restart();

        AlertDeliveryResult withinLease = await rig.Delivery.DeliverDueAsync();
        OutboxEntry stillSending = await rig.EntryAsync(alert);
        rig.Advance(rig.Policy.Lease + TimeSpan.FromSeconds(1));
        AlertDeliveryResult afterLease = await rig.Delivery.DeliverDueAsync();
        rig.Advance(TimeSpan.FromDays(1));
        AlertDeliveryResult nextDay = await rig.Delivery.DeliverDueAsync();

        Assert.Equal(OutboxState.Sending, stillSending.State);
        Assert.Equal(0, withinLease.Sent + withinLease.Unconfirmed);
        Assert.Equal(1, afterLease.Unconfirmed);
        OutboxEntry resolved = await rig.EntryAsync(alert);
        Assert.Equal(OutboxState.Unconfirmed, resolved.State);
        Assert.Contains("stopped while sending", resolved.LastError, StringComparison.Ordinal);
        Assert.Equal(0, nextDay.Sent);
        Assert.Empty(server.Messages);
        Assert.Contains(rig.Logs.Lines, l => l.Contains("[2105]", StringComparison.Ordinal) && l.Contains(alert.Key, StringComparison.Ordinal));

        // The dead process's outcome, should it arrive late, is still the better knowledge: sent replaces unconfirmed.
        Assert.True(await rig.Outbox.MarkSentAsync(claim, rig.Clock.Now, "250 late"));
        Assert.Equal(OutboxState.Sent, (await rig.EntryAsync(alert)).State);
    }

    [Fact]
    public async Task A_reply_lost_after_the_data_leaves_the_alert_unconfirmed_and_it_is_not_sent_twice()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        // The server stores the message, then answers long after the client's timeout (3 s, generous for a loaded machine).
        server.DataReplyDelay = TimeSpan.FromSeconds(8);
        using var rig = new DeliveryRig(server.Port, timeoutSeconds: 3);
        Alert alert = TestAlerts.Create();
        await rig.EnqueueAsync(alert);

        AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();
        for (int wait = 0; wait < 100 && server.Messages.Count == 0; wait++)
        {
            await Task.Delay(100);
        }

        server.DataReplyDelay = TimeSpan.Zero;
        rig.Advance(TimeSpan.FromHours(2));
        AlertDeliveryResult later = await rig.Delivery.DeliverDueAsync();

        Assert.Equal(1, result.Unconfirmed);
        OutboxEntry entry = await rig.EntryAsync(alert);
        Assert.Equal(OutboxState.Unconfirmed, entry.State);
        Assert.Contains("after the server accepted the recipients", entry.LastError, StringComparison.Ordinal);
        Assert.Equal(0, later.Sent);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task The_same_key_and_revision_enqueued_twice_is_one_email_and_a_new_revision_is_a_threaded_second()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync();
        using var rig = new DeliveryRig(server.Port);
        Alert alert = TestAlerts.Create();

        Assert.True(await rig.EnqueueAsync(alert));
        Assert.False(await rig.EnqueueAsync(alert with { Summary = "the same alert, fired again by the next cycle" }));
        await rig.Delivery.DeliverDueAsync();
        rig.Advance(TimeSpan.FromMinutes(10));
        Assert.False(await rig.EnqueueAsync(alert));
        await rig.Delivery.DeliverDueAsync();
        MimeMessage first = Assert.Single(server.Messages);

        Alert escalated = alert with { Revision = 2, Severity = AlertSeverity.Severe };
        Assert.True(await rig.EnqueueAsync(escalated));
        await rig.Delivery.DeliverDueAsync();

        Assert.Equal(2, server.Messages.Count);
        MimeMessage second = server.Messages[1];
        Assert.StartsWith("[V2V SEVERE]", second.Subject, StringComparison.Ordinal);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(first.MessageId, second.InReplyTo);
        Assert.Contains(first.MessageId, second.References);
    }

    [Fact]
    public async Task Authentication_reads_the_password_file_and_no_log_line_or_error_carries_the_password()
    {
        await using LoopbackSmtpServer server = await LoopbackSmtpServer.StartAsync(credentials: (DeliveryRig.User, DeliveryRig.Password));
        using (var rig = new DeliveryRig(server.Port, authenticate: true))
        {
            await rig.EnqueueAsync(TestAlerts.Create());

            AlertDeliveryResult result = await rig.Delivery.DeliverDueAsync();

            Assert.Equal(1, result.Sent);
            Assert.Equal(1, server.Authentications);
            Assert.NotEmpty(rig.Logs.Lines);
            Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains(DeliveryRig.Password, StringComparison.Ordinal));
            Assert.DoesNotContain(DeliveryRig.Password, rig.Options.ToString(), StringComparison.Ordinal);
        }

        using (var wrong = new DeliveryRig(server.Port, authenticate: true, password: "wrong-" + DeliveryRig.Password))
        {
            Alert alert = TestAlerts.Create(key: "wrong-password");
            await wrong.EnqueueAsync(alert);

            AlertDeliveryResult refused = await wrong.Delivery.DeliverDueAsync();

            OutboxEntry entry = await wrong.EntryAsync(alert);
            Assert.Equal(1, refused.Retrying);
            Assert.Equal(OutboxState.Pending, entry.State);
            Assert.Contains("authentication refused", entry.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(DeliveryRig.Password, entry.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong.Logs.Lines, l => l.Contains(DeliveryRig.Password, StringComparison.Ordinal));
            Assert.Single(server.Messages);
        }
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
