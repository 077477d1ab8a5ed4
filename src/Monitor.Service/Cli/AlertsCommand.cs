using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Alerts;
using Monitor.Service.Hosting;
using Monitor.Service.Options;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor alerts test --to ADDRESS</c> sends a test alert through the configured SMTP server now (not through
/// the outbox: it checks the configuration and says what happened); <c>v2vmonitor alerts list</c> shows the outbox;
/// <c>v2vmonitor alerts resend KEY --revision N</c> puts a failed or unconfirmed alert back in the queue.
/// Both read the configuration as <c>serve</c> does (<c>--config FILE</c>, <c>V2V__…</c> variables, <c>--data DIR</c>).
/// </summary>
internal static class AlertsCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time)
    {
        var command = new Command("alerts", "E-mail alerts: send a test alert, list the outbox, resend an alert.");
        command.Subcommands.Add(CreateTest(output, error, time));
        command.Subcommands.Add(CreateList(output, error, time));
        command.Subcommands.Add(CreateResend(output, error, time));
        return command;
    }

    private static Command CreateTest(TextWriter output, TextWriter error, TimeProvider time)
    {
        var config = ConfigOption();
        var data = DataOption();
        var to = new Option<string>("--to") { Description = "The address to send the test alert to.", Required = true };
        var command = new Command("test", "Send a test alert with an inline image through the configured SMTP server and say what happened.") { config, data, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var app = MonitorHost.Build(HostArgs(parse.GetValue(config), parse.GetValue(data)));
                AlertSmtpOptions smtp = app.Services.GetRequiredService<IOptions<AlertSmtpOptions>>().Value;
                IAlertSender? sender = app.Services.GetService<IAlertSender>();
                if (sender is null)
                {
                    error.WriteLine($"alerts test: e-mail is off: set {AlertSmtpOptions.Section}:Host (docs/configuration.md).");
                    return 1;
                }

                Alert alert = TestAlert.Create(parse.GetValue(to)!, time.GetUtcNow(), app.Services.GetRequiredService<IOptions<HttpSettings>>().Value.Url);
                alert.Validate();
                output.WriteLine($"alerts test: sending to {alert.Recipients[0]} via {sender.Describe()} (timeout {smtp.TimeoutSeconds} s)");
                return await SendAsync(sender, alert, output, error, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or OptionsValidationException)
            {
                error.WriteLine($"alerts test: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> SendAsync(IAlertSender sender, Alert alert, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            IAlertSession session = await sender.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                output.WriteLine($"  connected: {session.Description}");
                AlertReceipt receipt = await session.SendAsync(alert, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"  sent: Message-ID <{receipt.MessageId}>, 1 inline image ({TestAlert.ImageContentId}), {alert.Links.Count} link(s)");
                output.WriteLine($"  the server replied: {receipt.Reply}");
                return 0;
            }
        }
        catch (AlertSendException e)
        {
            error.WriteLine($"alerts test: not sent ({e.Failure.ToString().ToLowerInvariant()}): {e.Message}");
            return 1;
        }
    }

    private static Command CreateList(TextWriter output, TextWriter error, TimeProvider time)
    {
        var config = ConfigOption();
        var data = DataOption();
        var limit = new Option<int>("--limit") { Description = "Most alerts listed, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List the alert outbox: key, rule, severity, state, attempts, last error.") { config, data, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var app = MonitorHost.Build(HostArgs(parse.GetValue(config), parse.GetValue(data)));
                IAlertOutbox outbox = app.Services.GetRequiredService<IAlertOutbox>();
                IReadOnlyList<OutboxEntry> entries = await outbox.ListAsync(parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
                OutboxStatus status = await outbox.StatusAsync(cancellationToken).ConfigureAwait(false);
                output.WriteLine($"{"enqueued (UTC)",-16}  {"key",-40} {"rev",3}  {"rule",-20} {"severity",-8} {"state",-11} {"attempts",8}  next / finished   last error / reply");
                foreach (OutboxEntry e in entries)
                {
                    DateTimeOffset? when = e.State == OutboxState.Pending ? e.NextAttempt : e.State == OutboxState.Sending ? e.LeaseUntil : e.Finished;
                    string detail = e.State == OutboxState.Sent ? e.Reply ?? "" : e.LastError ?? "";
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{e.Enqueued.UtcDateTime,-16:yyyy-MM-dd HH:mm}  {e.Alert.Key,-40} {e.Alert.Revision,3}  {e.Alert.Rule,-20} {e.Alert.Severity.ToString().ToLowerInvariant(),-8} {e.State.ToString().ToLowerInvariant(),-11} {e.Attempts,8}  {when?.UtcDateTime,-16:yyyy-MM-dd HH:mm}  {detail}"));
                }

                double oldest = status.OldestAge(time.GetUtcNow()).TotalMinutes;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{entries.Count} alert(s) listed; outbox: {status.Pending} pending, {status.Sending} sending, {status.Sent} sent, {status.Failed} failed, {status.Unconfirmed} unconfirmed; oldest undelivered {oldest:F0} min"));
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or OptionsValidationException)
            {
                error.WriteLine($"alerts list: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreateResend(TextWriter output, TextWriter error, TimeProvider time)
    {
        var config = ConfigOption();
        var data = DataOption();
        var key = new Argument<string>("key") { Description = "The alert's key, as `alerts list` shows it." };
        var revision = new Option<int>("--revision") { Description = "The alert's revision, as `alerts list` shows it.", Required = true };
        var command = new Command("resend",
            "Put a failed or unconfirmed alert back in the outbox's queue: the running service sends it at its next pass. An unconfirmed alert may already have been delivered.")
            { key, config, data, revision };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string alertKey = parse.GetValue(key)!;
            int alertRevision = parse.GetValue(revision);
            try
            {
                using var app = MonitorHost.Build(HostArgs(parse.GetValue(config), parse.GetValue(data)));
                IAlertOutbox outbox = app.Services.GetRequiredService<IAlertOutbox>();
                DateTimeOffset now = time.GetUtcNow();
                string reason = string.Create(CultureInfo.InvariantCulture, $"resend requested {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
                if (!await outbox.RequeueAsync(alertKey, alertRevision, now, reason, cancellationToken).ConfigureAwait(false))
                {
                    error.WriteLine($"alerts resend: the outbox has no failed or unconfirmed alert {alertKey} revision {alertRevision} (`alerts list` shows each alert's state).");
                    return 1;
                }

                double interval = app.Services.GetRequiredService<IOptions<AlertOutboxOptions>>().Value.IntervalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"alerts resend: {alertKey} revision {alertRevision} is pending again; the running service sends it within {interval:G} s ({AlertOutboxOptions.Section}:IntervalSeconds)."));
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or OptionsValidationException)
            {
                error.WriteLine($"alerts resend: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Option<string?> ConfigOption() => new("--config") { Description = "Configuration file (default appsettings.json in the working directory)." };

    private static Option<string?> DataOption() => new("--data") { Description = "Data directory (sets Data:Root)." };

    private static string[] HostArgs(string? config, string? data) =>
        [.. config is null ? [] : new[] { "--config", config }, .. data is null ? [] : new[] { $"--Data:Root={data}" }];
}
