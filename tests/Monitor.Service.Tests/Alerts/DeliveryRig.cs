using Microsoft.Data.Sqlite;
using Monitor.Core.Alerts;
using Monitor.Service.Adapters.Mail;
using Monitor.Service.Adapters.State;
using Monitor.Service.Options;
using Monitor.Service.Tests.Influx;

namespace Monitor.Service.Tests.Alerts;

/// <summary>
/// The delivery half as the service wires it — the SQLite outbox in a temporary state directory, the MailKit sender
/// and the drain — against a loopback SMTP port, on a manual clock. <see cref="Restart"/> builds new instances over the
/// same state directory, as a new process would.
/// </summary>
internal sealed class DeliveryRig : IDisposable
{
    public const string Password = "pa55-Wörd-never-logged";
    public const string User = "v2v";

    private readonly string _passwordFile;

    public DeliveryRig(int smtpPort, bool authenticate = false, int timeoutSeconds = 5, string? password = null)
    {
        State = Directory.CreateTempSubdirectory("v2v-alerts-").FullName;
        _passwordFile = Path.Combine(State, "smtp-password");
        File.WriteAllText(_passwordFile, (password ?? Password) + "\n");
        Options = new AlertSmtpOptions
        {
            Host = "127.0.0.1",
            Port = smtpPort,
            Security = SmtpSecurity.None,
            From = "V2V Monitor <v2v@example.org>",
            TimeoutSeconds = timeoutSeconds,
            UserName = authenticate ? User : null,
            PasswordFile = authenticate ? _passwordFile : null,
        };
        Restart();
    }

    public string State { get; }

    public AlertSmtpOptions Options { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));

    public RecordingLoggerProvider Logs { get; } = new();

    public AlertDeliveryPolicy Policy { get; private set; } = new();

    public SqliteAlertOutbox Outbox { get; private set; } = null!;

    public AlertDelivery Delivery { get; private set; } = null!;

    /// <summary>New outbox, sender and drain over the same files: what a restarted service has.</summary>
    public void Restart()
    {
        Outbox?.Dispose();
        Policy = new AlertDeliveryPolicy { Lease = Options.Lease };
        Outbox = new SqliteAlertOutbox(State, Logs.For<SqliteAlertOutbox>());
        Delivery = new AlertDelivery(Outbox, new SmtpAlertSender(Options, Logs.For<SmtpAlertSender>()), Policy, Clock, Logs.For<AlertDelivery>());
    }

    public void Advance(TimeSpan by) => Clock.Now += by;

    public Task<bool> EnqueueAsync(Alert alert) => Outbox.EnqueueAsync(alert, Clock.Now);

    public async Task<OutboxEntry> EntryAsync(Alert alert) =>
        await Outbox.FindAsync(alert.Key, alert.Revision) ?? throw new InvalidOperationException($"{alert.Key} is not in the outbox");

    public void Dispose()
    {
        Outbox.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(State, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
