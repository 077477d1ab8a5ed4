using System.Data;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Ports;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// The cycle ledger in a SQLite file, <c>ledger.db</c> under the state directory: a <c>cycles</c> table (one row per
/// cycle, its status after the latest attempt) and an <c>attempts</c> table (every attempt with its outcome).
/// </summary>
/// <remarks>
/// <para>
/// The file is in WAL mode and every write is one <c>BEGIN IMMEDIATE</c> transaction with a busy timeout, so the
/// service and a <c>v2vmonitor cycles</c> process can use it at once. Connections are not pooled: each operation opens
/// the file, so a disposed ledger holds nothing open and two instances never share a connection.
/// </para>
/// <para>
/// The schema is created on first use and versioned with <c>PRAGMA user_version</c> (<see cref="LedgerSchema"/>, shared
/// with the alert outbox in the same file); a file from a newer version is refused with <see cref="StateSchemaException"/> naming it. Times are stored as fixed-width ISO-8601 UTC text with
/// seven fractional digits, which round-trips a <see cref="DateTimeOffset"/> to the tick and sorts chronologically.
/// </para>
/// </remarks>
public sealed class SqliteCycleLedger : ICycleLedger, IDisposable
{
    /// <summary>The ledger's file name under the state directory.</summary>
    public const string FileName = "ledger.db";

    /// <summary>The schema version this build writes and reads (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = LedgerSchema.Version;

    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    private const string SelectCycleColumns =
        "SELECT cycle, status, attempts, first_started, last_started, finished, error, retry_at, stages_json, outputs_json FROM cycles";

    private readonly string _connectionString;
    private readonly ILogger<SqliteCycleLedger> _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private bool _schemaReady;
    private bool _disposed;

    /// <summary>Creates the ledger over <c>ledger.db</c> in <paramref name="stateDirectory"/>; nothing is opened until first use.</summary>
    /// <param name="stateDirectory">The state directory (e.g. <c>data/state</c>); created if missing.</param>
    /// <param name="logger">The logger.</param>
    public SqliteCycleLedger(string stateDirectory, ILogger<SqliteCycleLedger> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        DatabasePath = Path.GetFullPath(Path.Combine(stateDirectory, FileName));
        _connectionString = StateDatabase.ConnectionString(DatabasePath, pooling: false);
        _logger = logger;
    }

    /// <summary>The ledger's file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<int> BeginAttemptAsync(CycleId cycle, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        string id = cycle.ToString();
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteTransaction transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);

        int next = 1 + await ScalarIntAsync(connection, transaction,
            "SELECT COALESCE(MAX(number), 0) FROM attempts WHERE cycle = @cycle", cancellationToken, ("@cycle", id)).ConfigureAwait(false);

        List<int> abandoned = [];
        await using (SqliteCommand running = Command(connection, transaction,
            "UPDATE attempts SET outcome = 'abandoned' WHERE cycle = @cycle AND outcome = 'running' RETURNING number", ("@cycle", id)))
        await using (SqliteDataReader reader = await running.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                abandoned.Add(reader.GetInt32(0));
            }
        }

        string startedText = FormatTime(started);

        // The cycle row first: attempts reference it (Microsoft.Data.Sqlite's SQLite enforces foreign keys).
        await ExecuteAsync(connection, transaction, """
            INSERT INTO cycles (cycle, init_time, status, attempts, first_started, last_started)
            VALUES (@cycle, @init, 'running', @number, @started, @started)
            ON CONFLICT (cycle) DO UPDATE SET
                status = 'running', attempts = excluded.attempts, last_started = excluded.last_started,
                finished = NULL, error = NULL, retry_at = NULL
            """, cancellationToken,
            ("@cycle", id), ("@init", FormatTime(new DateTimeOffset(cycle.InitTime))), ("@number", next), ("@started", startedText)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "INSERT INTO attempts (cycle, number, started, outcome) VALUES (@cycle, @number, @started, 'running')", cancellationToken,
            ("@cycle", id), ("@number", next), ("@started", startedText)).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (int number in abandoned)
        {
            Log.AttemptAbandoned(_logger, id, number, next);
        }

        Log.AttemptBegan(_logger, id, next);
        return next;
    }

    /// <inheritdoc />
    public async Task CompleteAsync(CycleId cycle, int attempt, DateTimeOffset finished, IReadOnlyList<StageTiming> stageSeconds,
        IReadOnlyList<string> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stageSeconds);
        ArgumentNullException.ThrowIfNull(outputs);
        string id = cycle.ToString();
        string stages = JsonSerializer.Serialize([.. stageSeconds], LedgerJsonContext.Default.ListStageTiming);
        string outputList = JsonSerializer.Serialize([.. outputs], LedgerJsonContext.Default.ListString);
        string finishedText = FormatTime(finished);

        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteTransaction transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);
        await CloseRunningAttemptAsync(connection, transaction, id, attempt, """
            UPDATE attempts SET outcome = 'done', finished = @finished, stages_json = @stages, outputs_json = @outputs
            WHERE cycle = @cycle AND number = @number AND outcome = 'running'
            """, cancellationToken, ("@finished", finishedText), ("@stages", stages), ("@outputs", outputList)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            UPDATE cycles SET status = 'done', finished = @finished, error = NULL, retry_at = NULL,
                stages_json = @stages, outputs_json = @outputs
            WHERE cycle = @cycle AND attempts = @number
            """, cancellationToken,
            ("@cycle", id), ("@number", attempt), ("@finished", finishedText), ("@stages", stages), ("@outputs", outputList)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.AttemptCompleted(_logger, id, attempt, outputs.Count);
    }

    /// <inheritdoc />
    public async Task FailAsync(CycleId cycle, int attempt, DateTimeOffset finished, string reason, DateTimeOffset? retryAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        string id = cycle.ToString();
        string status = retryAt is null ? "failed" : "retrying";
        string finishedText = FormatTime(finished);
        object retryText = retryAt is { } at ? FormatTime(at) : DBNull.Value;

        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteTransaction transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);
        await CloseRunningAttemptAsync(connection, transaction, id, attempt, """
            UPDATE attempts SET outcome = 'failed', finished = @finished, error = @error, retry_at = @retry
            WHERE cycle = @cycle AND number = @number AND outcome = 'running'
            """, cancellationToken, ("@finished", finishedText), ("@error", reason), ("@retry", retryText)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            UPDATE cycles SET status = @status, finished = @finished, error = @error, retry_at = @retry
            WHERE cycle = @cycle AND attempts = @number
            """, cancellationToken,
            ("@cycle", id), ("@number", attempt), ("@status", status), ("@finished", finishedText), ("@error", reason), ("@retry", retryText))
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.AttemptFailed(_logger, id, attempt, status, retryAt, reason);
    }

    /// <inheritdoc />
    public async Task<CycleRecord?> FindAsync(CycleId cycle, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CycleRecord> records = await ReadCyclesAsync(connection, SelectCycleColumns + " WHERE cycle = @cycle",
            cancellationToken, ("@cycle", cycle.ToString())).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    /// <remarks>Bounds of kind <see cref="DateTimeKind.Unspecified"/> are read as UTC; local ones are converted.</remarks>
    public async Task<IReadOnlyList<CycleRecord>> ListAsync(DateTime? first = null, DateTime? last = null, CancellationToken cancellationToken = default)
    {
        object from = first is { } f ? FormatTime(AsUtc(f)) : DBNull.Value;
        object to = last is { } l ? FormatTime(AsUtc(l)) : DBNull.Value;
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadCyclesAsync(connection, SelectCycleColumns + """
             WHERE (@first IS NULL OR init_time >= @first) AND (@last IS NULL OR init_time <= @last)
             ORDER BY init_time DESC
            """, cancellationToken, ("@first", from), ("@last", to)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CycleAttempt>> AttemptsAsync(CycleId cycle, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteCommand command = Command(connection, null,
            "SELECT number, started, finished, outcome, error FROM attempts WHERE cycle = @cycle ORDER BY number", ("@cycle", cycle.ToString()));
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<CycleAttempt> attempts = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts.Add(new CycleAttempt(reader.GetInt32(0), ParseTime(reader.GetString(1)), ParseOptionalTime(reader, 2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return attempts;
    }

    /// <summary>Marks the ledger closed; it holds no open connection between operations.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _schemaGate.Dispose();
        }
    }

    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));

    private static DateTimeOffset? ParseOptionalTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    private static CycleStatus ParseStatus(string text, string cycle) => text switch
    {
        "running" => CycleStatus.Running,
        "done" => CycleStatus.Done,
        "retrying" => CycleStatus.Retrying,
        "failed" => CycleStatus.Failed,
        _ => throw new InvalidDataException($"Cycle {cycle} has status '{text}' in the ledger, which this build does not know."),
    };

    // Serializable, not deferred, is BEGIN IMMEDIATE in Microsoft.Data.Sqlite: the write lock is taken (or waited for)
    // up front, so two processes never both read the next attempt number and then collide upgrading to a writer.
    private static async Task<SqliteTransaction> BeginImmediateAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ScalarIntAsync(SqliteConnection connection, SqliteTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = Command(connection, transaction, sql, parameters);
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task CloseRunningAttemptAsync(SqliteConnection connection, SqliteTransaction transaction, string cycle, int attempt,
        string sql, CancellationToken cancellationToken, params (string Name, object Value)[] values)
    {
        (string, object)[] parameters = [("@cycle", cycle), ("@number", attempt), .. values];
        if (await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false) == 1)
        {
            return;
        }

        await using SqliteCommand command = Command(connection, transaction,
            "SELECT outcome FROM attempts WHERE cycle = @cycle AND number = @number", ("@cycle", cycle), ("@number", attempt));
        object? outcome = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException(outcome is string found
            ? $"Cycle {cycle}: attempt {attempt} is already '{found}' in the ledger; only a running attempt can be completed or failed."
            : $"Cycle {cycle}: the ledger has no attempt {attempt}; begin an attempt before completing or failing it.");
    }

    private static async Task<IReadOnlyList<CycleRecord>> ReadCyclesAsync(SqliteConnection connection, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using SqliteCommand command = Command(connection, null, sql, parameters);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<CycleRecord> records = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string id = reader.GetString(0);
            records.Add(new CycleRecord(
                CycleId.Parse(id),
                ParseStatus(reader.GetString(1), id),
                reader.GetInt32(2),
                ParseTime(reader.GetString(3)),
                ParseTime(reader.GetString(4)),
                ParseOptionalTime(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                ParseOptionalTime(reader, 7),
                JsonSerializer.Deserialize(reader.GetString(8), LedgerJsonContext.Default.ListStageTiming) ?? [],
                JsonSerializer.Deserialize(reader.GetString(9), LedgerJsonContext.Default.ListString) ?? []));
        }

        return records;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await StateDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await LedgerSchema.EnsureAsync(DatabasePath, _connectionString, _logger, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
