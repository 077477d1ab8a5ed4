using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// The schema of <c>ledger.db</c>, shared by the cycle ledger and the alert outbox, as numbered migrations: version 1
/// the cycles and their attempts, version 2 the alert outbox. <c>PRAGMA user_version</c> records the version reached;
/// each start applies the missing migrations in one transaction, and a file of a newer version is refused.
/// </summary>
internal static class LedgerSchema
{
    /// <summary>The version this build writes and reads.</summary>
    public const int Version = 2;

    private static readonly string[] s_migrations =
    [
        // 1: the cycle ledger (issue 14).
        """
        CREATE TABLE cycles (
            cycle          TEXT    NOT NULL PRIMARY KEY,  -- yyyyMMddHH
            init_time      TEXT    NOT NULL,              -- ISO-8601 UTC, for range queries
            status         TEXT    NOT NULL CHECK (status IN ('running', 'done', 'retrying', 'failed')),
            attempts       INTEGER NOT NULL,
            first_started  TEXT    NOT NULL,
            last_started   TEXT    NOT NULL,
            finished       TEXT    NULL,
            error          TEXT    NULL,
            retry_at       TEXT    NULL,
            stages_json    TEXT    NOT NULL DEFAULT '[]', -- of the latest successful attempt
            outputs_json   TEXT    NOT NULL DEFAULT '[]'  -- of the latest successful attempt
        );
        CREATE INDEX cycles_init_time ON cycles (init_time);
        CREATE TABLE attempts (
            cycle          TEXT    NOT NULL REFERENCES cycles (cycle),
            number         INTEGER NOT NULL,
            started        TEXT    NOT NULL,
            finished       TEXT    NULL,
            outcome        TEXT    NOT NULL CHECK (outcome IN ('running', 'done', 'failed', 'abandoned')),
            error          TEXT    NULL,
            retry_at       TEXT    NULL,
            stages_json    TEXT    NULL,
            outputs_json   TEXT    NULL,
            PRIMARY KEY (cycle, number)
        );
        """,
        // 2: the alert outbox (issue 17).
        """
        CREATE TABLE alert_outbox (
            alert_key      TEXT    NOT NULL,
            revision       INTEGER NOT NULL,
            rule           TEXT    NOT NULL,
            severity       TEXT    NOT NULL,
            state          TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unconfirmed')),
            attempts       INTEGER NOT NULL DEFAULT 0,
            enqueued       TEXT    NOT NULL,
            next_attempt   TEXT    NULL,              -- pending: when due
            claim_token    TEXT    NULL,              -- sending: the sender's claim
            lease_until    TEXT    NULL,              -- sending: when the claim lapses
            last_attempt   TEXT    NULL,
            finished       TEXT    NULL,              -- sent, failed, unconfirmed: when
            last_error     TEXT    NULL,
            reply          TEXT    NULL,              -- sent: the server's reply
            payload_json   TEXT    NOT NULL,          -- the alert, images base64
            PRIMARY KEY (alert_key, revision)
        );
        CREATE INDEX alert_outbox_due ON alert_outbox (state, next_attempt);
        CREATE INDEX alert_outbox_enqueued ON alert_outbox (enqueued);
        """,
    ];

    /// <summary>Brings the file at <paramref name="databasePath"/> to <see cref="Version"/>, creating it if needed.</summary>
    /// <exception cref="StateSchemaException">The file has a newer version than this build knows.</exception>
    public static async Task EnsureAsync(string databasePath, string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        await using SqliteConnection connection = await StateDatabase.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await StateDatabase.PrepareFileAsync(connection, cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: two processes starting together do not both migrate.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        int version;
        await using (SqliteCommand read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "PRAGMA user_version";
            version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (version > Version)
        {
            throw new StateSchemaException(databasePath,
                $"The state database {databasePath} has schema version {version}, newer than version {Version} that this " +
                "v2vmonitor understands; it was written by a newer release. Run that release, or move the file aside to start a new ledger and outbox.");
        }

        if (version == Version)
        {
            Log.LedgerOpened(logger, databasePath, version);
            return;
        }

        for (int next = version + 1; next <= Version; next++)
        {
            await StateDatabase.ExecuteAsync(connection, s_migrations[next - 1], cancellationToken, transaction).ConfigureAwait(false);
        }

        await StateDatabase.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {Version};"), cancellationToken, transaction)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (version == 0)
        {
            Log.LedgerCreated(logger, databasePath, Version);
        }
        else
        {
            Log.LedgerMigrated(logger, databasePath, version, Version);
        }
    }

    /// <summary>The SQL of migration <paramref name="version"/> (tests build older files with it).</summary>
    internal static string Migration(int version) => s_migrations[version - 1];
}
