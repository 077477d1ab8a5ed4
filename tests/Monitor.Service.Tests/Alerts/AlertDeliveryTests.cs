using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Core.Alerts;
using Monitor.Service.Adapters.State;
using Monitor.Service.Tests.Influx;

namespace Monitor.Service.Tests.Alerts;

/// <summary>
/// The drain's own rules with a scripted sender (the SMTP behaviour is tested against a real server in
/// <see cref="SmtpDeliveryTests"/>): stopping between alerts, a send outlasting its lease, a session that closes.
/// </summary>
public sealed class AlertDeliveryTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("v2v-delivery-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Stopping_finishes_and_records_the_alert_in_flight_and_leaves_the_rest_pending()
    {
        using var outbox = new SqliteAlertOutbox(_state, NullLogger<SqliteAlertOutbox>.Instance);
        foreach (string key in new[] { "a", "b", "c" })
        {
            await outbox.EnqueueAsync(TestAlerts.Create(key: key), _clock.Now);
        }

        using var stop = new CancellationTokenSource();
        var sender = new ScriptedSender(async (alert, token) =>
        {
            await stop.CancelAsync();
            await Task.Delay(100, token);
            return new AlertReceipt($"{alert.Key}@test", "250 ok");
        });

        AlertDeliveryResult result = await Delivery(outbox, sender).DeliverDueAsync(stop.Token);

        Assert.Equal(1, result.Sent);
        Assert.Equal(["a"], sender.Sent);
        Assert.Equal(OutboxState.Sent, (await outbox.FindAsync("a", 1))!.State);
        Assert.All(new[] { "b", "c" }, key => Assert.Equal((OutboxState.Pending, 0), State(outbox, key)));
    }

    [Fact]
    public async Task A_send_that_outlasts_its_lease_is_abandoned_and_recorded_unconfirmed()
    {
        using var outbox = new SqliteAlertOutbox(_state, NullLogger<SqliteAlertOutbox>.Instance);
        await outbox.EnqueueAsync(TestAlerts.Create(), _clock.Now);
        var sender = new ScriptedSender(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new AlertReceipt("never", "never");
        });

        AlertDeliveryResult result = await Delivery(outbox, sender, lease: TimeSpan.FromSeconds(1)).DeliverDueAsync();

        OutboxEntry entry = (await outbox.FindAsync(TestAlerts.Create().Key, 1))!;
        Assert.Equal(1, result.Unconfirmed);
        Assert.Equal(OutboxState.Unconfirmed, entry.State);
        Assert.Contains("no outcome within the lease of 1 s", entry.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_closed_by_a_failure_stops_the_batch_without_counting_attempts_for_the_rest()
    {
        using var outbox = new SqliteAlertOutbox(_state, NullLogger<SqliteAlertOutbox>.Instance);
        foreach (string key in new[] { "a", "b" })
        {
            await outbox.EnqueueAsync(TestAlerts.Create(key: key), _clock.Now);
        }

        ScriptedSender? sender = null;
        sender = new ScriptedSender((_, _) =>
        {
            sender!.Open = false;
            throw new AlertSendException(AlertSendFailure.Transient, "connection lost before the message was offered: reset by peer");
        });

        AlertDeliveryResult result = await Delivery(outbox, sender).DeliverDueAsync();

        Assert.Equal(1, result.Retrying);
        Assert.Equal((OutboxState.Pending, 1), State(outbox, "a"));
        Assert.Equal((OutboxState.Pending, 0), State(outbox, "b"));
        Assert.Equal(_clock.Now + TimeSpan.FromMinutes(1), (await outbox.FindAsync("a", 1))!.NextAttempt);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_state, recursive: true);
    }

    private static (OutboxState, int) State(SqliteAlertOutbox outbox, string key)
    {
        OutboxEntry entry = outbox.FindAsync(key, 1).GetAwaiter().GetResult()!;
        return (entry.State, entry.Attempts);
    }

    private AlertDelivery Delivery(SqliteAlertOutbox outbox, ScriptedSender sender, TimeSpan? lease = null) =>
        new(outbox, sender, new AlertDeliveryPolicy { Lease = lease ?? TimeSpan.FromMinutes(5) }, _clock, NullLogger<AlertDelivery>.Instance);

    private sealed class ScriptedSender(Func<Alert, CancellationToken, Task<AlertReceipt>> send) : IAlertSender, IAlertSession
    {
        public List<string> Sent { get; } = [];

        public bool Open { get; set; } = true;

        public string Description => "scripted";

        public bool IsOpen => Open;

        public string Describe() => "scripted";

        public Task<IAlertSession> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult<IAlertSession>(this);

        public async Task<AlertReceipt> SendAsync(Alert alert, CancellationToken cancellationToken = default)
        {
            AlertReceipt receipt = await send(alert, cancellationToken);
            Sent.Add(alert.Key);
            return receipt;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
