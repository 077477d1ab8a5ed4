using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// How the state adapters reach their SQLite files: one connection string shape (create if missing, a busy timeout so
/// the service and the <c>v2vmonitor cycles</c> CLI can share a file) and WAL journalling.
/// </summary>
internal static class StateDatabase
{
    /// <summary>How long a statement waits for another process's write lock before failing, in seconds.</summary>
    public const int BusyTimeoutSeconds = 30;

    /// <summary>How times are stored: ISO-8601 UTC with seven fractional digits, exact to the tick and sorting as text.</summary>
    public const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    private const string BusyTimeoutPragma = "PRAGMA busy_timeout = 30000;";

    /// <summary>The connection string for <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="pooling">Whether connections are pooled; the ledger opens few and wants every open to be real.</param>
    public static string ConnectionString(string databasePath, bool pooling)
    {
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = pooling,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>Creates the file's directory if needed and switches the file to WAL (a persistent setting of the file).</summary>
    /// <remarks>WAL lets readers (the CLI listing cycles) run beside the service's writer without blocking it.</remarks>
    public static async Task PrepareFileAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a connection with the busy timeout set on the SQLite handle as well.</summary>
    /// <remarks>
    /// Microsoft.Data.Sqlite retries a busy statement for <see cref="BusyTimeoutSeconds"/>; the PRAGMA makes SQLite
    /// itself wait too, which covers the lock taken by <c>BEGIN IMMEDIATE</c>.
    /// </remarks>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, BusyTimeoutPragma, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one statement without parameters.</summary>
    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A time as stored (<see cref="TimeFormat"/>).</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A stored time read back.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));
}
