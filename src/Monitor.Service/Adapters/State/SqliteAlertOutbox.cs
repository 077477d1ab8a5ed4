using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Monitor.Core.Alerts;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// The alert outbox in the state database <c>ledger.db</c> (table <c>alert_outbox</c>, schema version 2 of
/// <see cref="LedgerSchema"/>): one row per alert key and revision, holding the whole alert and its delivery state.
/// </summary>
/// <remarks>
/// Every change is one statement whose <c>WHERE</c> clause checks the state it leaves (and, for the outcome of a send,
/// the claim token), so two drainers — the service and a CLI, or a slow sender and its successor — never both own an
/// alert, and an outcome arriving after the claim was resolved does not overwrite what was decided meanwhile (except
/// that a late "sent" replaces "unconfirmed": it is the better knowledge). Connections are not pooled, as in the ledger.
/// </remarks>
public sealed class SqliteAlertOutbox : IAlertOutbox, IDisposable
{
    private const string Columns =
        "alert_key, revision, state, attempts, enqueued, next_attempt, lease_until, finished, last_error, reply, payload_json";

    private readonly string _connectionString;
    private readonly ILogger<SqliteAlertOutbox> _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private bool _schemaReady;
    private bool _disposed;

    /// <summary>Creates the outbox over <c>ledger.db</c> in <paramref name="stateDirectory"/>; nothing is opened until first use.</summary>
    public SqliteAlertOutbox(string stateDirectory, ILogger<SqliteAlertOutbox> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        DatabasePath = Path.GetFullPath(Path.Combine(stateDirectory, SqliteCycleLedger.FileName));
        _connectionString = StateDatabase.ConnectionString(DatabasePath, pooling: false);
        _logger = logger;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<bool> EnqueueAsync(Alert alert, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        alert.Validate();
        string payload = JsonSerializer.Serialize(AlertPayload.From(alert), OutboxJsonContext.Default.AlertPayload);
        string time = StateDatabase.FormatTime(now);
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int inserted = await ExecuteAsync(connection, """
            INSERT INTO alert_outbox (alert_key, revision, rule, severity, state, attempts, enqueued, next_attempt, payload_json)
            VALUES (@key, @revision, @rule, @severity, 'pending', 0, @now, @now, @payload)
            ON CONFLICT (alert_key, revision) DO NOTHING
            """, cancellationToken, ("@key", alert.Key), ("@revision", alert.Revision), ("@rule", alert.Rule),
            ("@severity", alert.Severity.ToString().ToLowerInvariant()), ("@now", time), ("@payload", payload)).ConfigureAwait(false);
        if (inserted == 1)
        {
            Log.AlertEnqueued(_logger, alert.Key, alert.Revision, alert.Rule, alert.Severity);
            return true;
        }

        Log.AlertDuplicate(_logger, alert.Key, alert.Revision);
        return false;
    }

    /// <inheritdoc />
    public async Task<OutboxEntry?> FindAsync(string key, int revision, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboxEntry> found = await ReadAsync(connection, $"SELECT {Columns} FROM alert_outbox WHERE alert_key = @key AND revision = @revision",
            cancellationToken, ("@key", key), ("@revision", revision)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, $"SELECT {Columns} FROM alert_outbox ORDER BY enqueued DESC, alert_key, revision DESC LIMIT @limit",
            cancellationToken, ("@limit", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, $"""
            SELECT {Columns} FROM alert_outbox WHERE state = 'pending' AND next_attempt <= @now
            ORDER BY enqueued, alert_key, revision LIMIT @limit
            """, cancellationToken, ("@now", StateDatabase.FormatTime(now)), ("@limit", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboxClaim?> ClaimAsync(string key, int revision, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        string token = Guid.NewGuid().ToString("N");
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboxEntry> claimed = await ReadAsync(connection, $"""
            UPDATE alert_outbox SET state = 'sending', claim_token = @token, lease_until = @lease, attempts = attempts + 1,
                last_attempt = @now, next_attempt = NULL
            WHERE alert_key = @key AND revision = @revision AND state = 'pending'
            RETURNING {Columns}
            """, cancellationToken, ("@key", key), ("@revision", revision), ("@token", token), ("@lease", StateDatabase.FormatTime(leaseUntil)),
            ("@now", StateDatabase.FormatTime(now))).ConfigureAwait(false);
        return claimed.Count == 0 ? null : new OutboxClaim(claimed[0], token, leaseUntil);
    }

    /// <inheritdoc />
    public Task<bool> MarkSentAsync(OutboxClaim claim, DateTimeOffset now, string reply, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "sent", "state IN ('sending', 'unconfirmed')",
            "state = 'sent', finished = @now, reply = @text, lease_until = NULL", now, reply, null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkRetryAsync(OutboxClaim claim, DateTimeOffset now, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "retry", "state = 'sending'",
            "state = 'pending', next_attempt = @retry, last_error = @text, claim_token = NULL, lease_until = NULL", now, reason, retryAt, cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkFailedAsync(OutboxClaim claim, DateTimeOffset now, string reason, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "failed", "state IN ('sending', 'unconfirmed')",
            "state = 'failed', finished = @now, last_error = @text, lease_until = NULL", now, reason, null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkUnconfirmedAsync(OutboxClaim claim, DateTimeOffset now, string reason, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "unconfirmed", "state = 'sending'",
            "state = 'unconfirmed', finished = @now, last_error = @text, lease_until = NULL", now, reason, null, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeferAsync(string key, int revision, DateTimeOffset now, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, """
            UPDATE alert_outbox SET attempts = attempts + 1, last_attempt = @now, last_error = @error, next_attempt = @retry
            WHERE alert_key = @key AND revision = @revision AND state = 'pending'
            """, cancellationToken, ("@key", key), ("@revision", revision), ("@now", StateDatabase.FormatTime(now)), ("@error", reason),
            ("@retry", StateDatabase.FormatTime(retryAt))).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> RequeueAsync(string key, int revision, DateTimeOffset now, string reason, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, """
            UPDATE alert_outbox SET state = 'pending', next_attempt = @now, finished = NULL, lease_until = NULL,
                last_error = @reason || ' (was ' || state || ', first enqueued ' || enqueued || ': ' || COALESCE(last_error, 'no error recorded') || ')',
                enqueued = @now
            WHERE alert_key = @key AND revision = @revision AND state IN ('failed', 'unconfirmed')
            """, cancellationToken, ("@key", key), ("@revision", revision), ("@now", StateDatabase.FormatTime(now)), ("@reason", reason))
            .ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> GiveUpAsync(DateTimeOffset enqueuedBefore, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, $"""
            UPDATE alert_outbox SET state = 'failed', finished = @now, next_attempt = NULL,
                last_error = 'given up after ' || attempts || ' attempt(s): ' || COALESCE(last_error, 'never attempted')
            WHERE state = 'pending' AND enqueued < @before
            RETURNING {Columns}
            """, cancellationToken, ("@now", StateDatabase.FormatTime(now)), ("@before", StateDatabase.FormatTime(enqueuedBefore))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ResolveLapsedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // lease_until stays set, so the entry returned (and listed) still shows when the lease ended.
        return await ReadAsync(connection, $"""
            UPDATE alert_outbox SET state = 'unconfirmed', finished = @now,
                last_error = 'its sender stopped while sending (lease ended ' || lease_until || '); the message may have been delivered, so it is not resent'
            WHERE state = 'sending' AND lease_until < @now
            RETURNING {Columns}
            """, cancellationToken, ("@now", StateDatabase.FormatTime(now))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, "DELETE FROM alert_outbox WHERE state IN ('sent', 'failed', 'unconfirmed') AND finished < @before",
            cancellationToken, ("@before", StateDatabase.FormatTime(finishedBefore))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboxStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? oldest = null;
        await using (SqliteCommand command = Command(connection, """
            SELECT state, COUNT(*), MIN(enqueued) FROM alert_outbox GROUP BY state
            """))
        await using (SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                string state = reader.GetString(0);
                counts[state] = reader.GetInt32(1);
                if (state is "pending" or "sending" && (oldest is null || string.CompareOrdinal(reader.GetString(2), oldest) < 0))
                {
                    oldest = reader.GetString(2);
                }
            }
        }

        return new OutboxStatus(counts.GetValueOrDefault("pending"), counts.GetValueOrDefault("sending"), counts.GetValueOrDefault("sent"),
            counts.GetValueOrDefault("failed"), counts.GetValueOrDefault("unconfirmed"), oldest is null ? null : StateDatabase.ParseTime(oldest));
    }

    /// <summary>Marks the outbox closed; it holds no open connection between operations.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _schemaGate.Dispose();
        }
    }

    private static OutboxState ParseState(string text) => text switch
    {
        "pending" => OutboxState.Pending,
        "sending" => OutboxState.Sending,
        "sent" => OutboxState.Sent,
        "failed" => OutboxState.Failed,
        "unconfirmed" => OutboxState.Unconfirmed,
        _ => throw new InvalidDataException($"An alert in the outbox has state '{text}', which this build does not know."),
    };

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StateDatabase.ParseTime(reader.GetString(ordinal));

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ReadAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = Command(connection, sql, parameters);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<OutboxEntry> entries = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            AlertPayload payload = JsonSerializer.Deserialize(reader.GetString(10), OutboxJsonContext.Default.AlertPayload)
                ?? throw new InvalidDataException($"Alert {reader.GetString(0)} r{reader.GetInt32(1)} has an empty payload in the outbox.");
            entries.Add(new OutboxEntry(payload.ToAlert(), ParseState(reader.GetString(2)), reader.GetInt32(3), StateDatabase.ParseTime(reader.GetString(4)),
                OptionalTime(reader, 5), OptionalTime(reader, 6), OptionalTime(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return entries;
    }

    private async Task<bool> UpdateClaimAsync(OutboxClaim claim, string outcome, string stateCondition, string assignments, DateTimeOffset now, string text,
        DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Alert alert = claim.Entry.Alert;
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int changed = await ExecuteAsync(connection, $"""
            UPDATE alert_outbox SET {assignments}
            WHERE alert_key = @key AND revision = @revision AND claim_token = @token AND {stateCondition}
            """, cancellationToken, ("@key", alert.Key), ("@revision", alert.Revision), ("@token", claim.Token), ("@now", StateDatabase.FormatTime(now)),
            ("@text", text), ("@retry", retryAt is { } at ? StateDatabase.FormatTime(at) : DBNull.Value)).ConfigureAwait(false);
        if (changed == 0)
        {
            Log.ClaimLost(_logger, alert.Key, alert.Revision, outcome);
        }

        return changed == 1;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_schemaReady)
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    await LedgerSchema.EnsureAsync(DatabasePath, _connectionString, _logger, cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaGate.Release();
            }
        }

        return await StateDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
    }
}
