using Microsoft.Data.Sqlite;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// The tables Quartz.NET 4.7.3's ADO.NET job store reads and writes, for SQLite, under the <c>QRTZ_</c> prefix.
/// </summary>
/// <remarks>
/// <para>
/// Written here from the column names in <c>Quartz.Impl.AdoJobStore.AdoConstants</c> and the statements the store
/// issues, in SQLite's own types: times are <c>INTEGER</c> (the store writes UTC ticks), flags are <c>INTEGER</c> 0/1,
/// job data and calendars are <c>BLOB</c>s (System.Text.Json bytes). It covers the twelve tables the store always uses
/// and every column the 4.0–4.7 migrations added to them, which the store's start-up validation
/// (<c>SchemaProvisioning.Validate</c>, left on) checks. The optional execution-history tables
/// (<c>UseExecutionHistory</c>) are not created: the monitor keeps its own history in the cycle ledger.
/// </para>
/// <para>
/// Every statement is <c>IF NOT EXISTS</c> and all run in one transaction, so running it again, or concurrently from a
/// second process, changes nothing. It creates and never alters: a schema from an older Quartz needs Quartz's
/// migration scripts, which the store's validation names.
/// </para>
/// </remarks>
public static class QuartzSqliteSchema
{
    /// <summary>The table prefix the store is configured with.</summary>
    public const string TablePrefix = "QRTZ_";

    // Primary keys lead with SCHED_NAME because every statement the store issues filters on it.
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS QRTZ_JOB_DETAILS (
            SCHED_NAME          TEXT    NOT NULL,
            JOB_NAME            TEXT    NOT NULL,
            JOB_GROUP           TEXT    NOT NULL,
            DESCRIPTION         TEXT    NULL,
            JOB_CLASS_NAME      TEXT    NOT NULL,
            IS_DURABLE          INTEGER NOT NULL,
            IS_NONCONCURRENT    INTEGER NOT NULL,
            IS_UPDATE_DATA      INTEGER NOT NULL,
            REQUESTS_RECOVERY   INTEGER NOT NULL,
            JOB_DATA            BLOB    NULL,
            PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_TRIGGERS (
            SCHED_NAME              TEXT    NOT NULL,
            TRIGGER_NAME            TEXT    NOT NULL,
            TRIGGER_GROUP           TEXT    NOT NULL,
            JOB_NAME                TEXT    NOT NULL,
            JOB_GROUP               TEXT    NOT NULL,
            DESCRIPTION             TEXT    NULL,
            NEXT_FIRE_TIME          INTEGER NULL,
            PREV_FIRE_TIME          INTEGER NULL,
            PRIORITY                INTEGER NULL,
            TRIGGER_STATE           TEXT    NOT NULL,
            TRIGGER_TYPE            TEXT    NOT NULL,
            START_TIME              INTEGER NOT NULL,
            END_TIME                INTEGER NULL,
            CALENDAR_NAME           TEXT    NULL,
            MISFIRE_INSTR           INTEGER NULL,
            MISFIRE_ORIG_FIRE_TIME  INTEGER NULL,
            EXECUTION_GROUP         TEXT    NULL,
            PREFERRED_NODE          TEXT    NULL,
            PREFERRED_NODE_AUTO     INTEGER NOT NULL DEFAULT 0,
            RETRY_POLICY            TEXT    NULL,
            RETRY_ATTEMPT           INTEGER NULL,
            CONTINUES_TRIGGER_NAME  TEXT    NULL,
            CONTINUES_TRIGGER_GROUP TEXT    NULL,
            CONTINUATION_CONDITION  INTEGER NULL,
            OVERLAP_POLICY          INTEGER NULL,
            PAUSE_REASON            TEXT    NULL,
            PAUSED_BY               TEXT    NULL,
            PAUSED_AT               INTEGER NULL,
            MISFIRE_THRESHOLD       INTEGER NULL,
            FIXED_DELAY             INTEGER NULL,
            JOB_DATA                BLOB    NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_SIMPLE_TRIGGERS (
            SCHED_NAME       TEXT    NOT NULL,
            TRIGGER_NAME     TEXT    NOT NULL,
            TRIGGER_GROUP    TEXT    NOT NULL,
            REPEAT_COUNT     INTEGER NOT NULL,
            REPEAT_INTERVAL  INTEGER NOT NULL,
            TIMES_TRIGGERED  INTEGER NOT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
                REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
        );
        CREATE TABLE IF NOT EXISTS QRTZ_CRON_TRIGGERS (
            SCHED_NAME       TEXT NOT NULL,
            TRIGGER_NAME     TEXT NOT NULL,
            TRIGGER_GROUP    TEXT NOT NULL,
            CRON_EXPRESSION  TEXT NOT NULL,
            TIME_ZONE_ID     TEXT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
                REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
        );
        CREATE TABLE IF NOT EXISTS QRTZ_SIMPROP_TRIGGERS (
            SCHED_NAME     TEXT    NOT NULL,
            TRIGGER_NAME   TEXT    NOT NULL,
            TRIGGER_GROUP  TEXT    NOT NULL,
            STR_PROP_1     TEXT    NULL,
            STR_PROP_2     TEXT    NULL,
            STR_PROP_3     TEXT    NULL,
            INT_PROP_1     INTEGER NULL,
            INT_PROP_2     INTEGER NULL,
            LONG_PROP_1    INTEGER NULL,
            LONG_PROP_2    INTEGER NULL,
            DEC_PROP_1     NUMERIC NULL,
            DEC_PROP_2     NUMERIC NULL,
            BOOL_PROP_1    INTEGER NULL,
            BOOL_PROP_2    INTEGER NULL,
            TIME_ZONE_ID   TEXT    NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
                REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
        );
        CREATE TABLE IF NOT EXISTS QRTZ_BLOB_TRIGGERS (
            SCHED_NAME     TEXT NOT NULL,
            TRIGGER_NAME   TEXT NOT NULL,
            TRIGGER_GROUP  TEXT NOT NULL,
            BLOB_DATA      BLOB NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
                REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE
        );
        CREATE TABLE IF NOT EXISTS QRTZ_CALENDARS (
            SCHED_NAME     TEXT NOT NULL,
            CALENDAR_NAME  TEXT NOT NULL,
            CALENDAR       BLOB NOT NULL,
            PRIMARY KEY (SCHED_NAME, CALENDAR_NAME)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_PAUSED_TRIGGER_GRPS (
            SCHED_NAME     TEXT    NOT NULL,
            TRIGGER_GROUP  TEXT    NOT NULL,
            PAUSE_REASON   TEXT    NULL,
            PAUSED_BY      TEXT    NULL,
            PAUSED_AT      INTEGER NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_PAUSED_JOB_GRPS (
            SCHED_NAME     TEXT    NOT NULL,
            JOB_GROUP      TEXT    NOT NULL,
            PAUSE_REASON   TEXT    NULL,
            PAUSED_BY      TEXT    NULL,
            PAUSED_AT      INTEGER NULL,
            PRIMARY KEY (SCHED_NAME, JOB_GROUP)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_FIRED_TRIGGERS (
            SCHED_NAME                TEXT    NOT NULL,
            ENTRY_ID                  TEXT    NOT NULL,
            TRIGGER_NAME              TEXT    NOT NULL,
            TRIGGER_GROUP             TEXT    NOT NULL,
            INSTANCE_NAME             TEXT    NOT NULL,
            FIRED_TIME                INTEGER NOT NULL,
            SCHED_TIME                INTEGER NOT NULL,
            PRIORITY                  INTEGER NOT NULL,
            STATE                     TEXT    NOT NULL,
            JOB_NAME                  TEXT    NULL,
            JOB_GROUP                 TEXT    NULL,
            IS_NONCONCURRENT          INTEGER NULL,
            REQUESTS_RECOVERY         INTEGER NULL,
            EXECUTION_GROUP           TEXT    NULL,
            PROGRESS                  INTEGER NULL,
            PROGRESS_MESSAGE          TEXT    NULL,
            INTERRUPT_REQUESTED_TIME  INTEGER NULL,
            PRIMARY KEY (SCHED_NAME, ENTRY_ID)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_SCHEDULER_STATE (
            SCHED_NAME         TEXT    NOT NULL,
            INSTANCE_NAME      TEXT    NOT NULL,
            LAST_CHECKIN_TIME  INTEGER NOT NULL,
            CHECKIN_INTERVAL   INTEGER NOT NULL,
            QUARTZ_VERSION     TEXT    NULL,
            PRIMARY KEY (SCHED_NAME, INSTANCE_NAME)
        );
        CREATE TABLE IF NOT EXISTS QRTZ_LOCKS (
            SCHED_NAME  TEXT NOT NULL,
            LOCK_NAME   TEXT NOT NULL,
            PRIMARY KEY (SCHED_NAME, LOCK_NAME)
        );
        -- The acquisition query: due triggers by state and next fire time.
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME, PRIORITY DESC, MISFIRE_INSTR);
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_T_J ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_T_C ON QRTZ_TRIGGERS (SCHED_NAME, CALENDAR_NAME);
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_FT_J_G ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_FT_T_G ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_QRTZ_FT_INST_JOB_REQ_RCVRY ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
        """;

    /// <summary>Creates the Quartz tables in <paramref name="databasePath"/> (and its directory) where they are missing.</summary>
    /// <param name="databasePath">The SQLite file, e.g. <c>data/state/quartz.db</c>.</param>
    public static void EnsureCreated(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        string fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);

        using var connection = new SqliteConnection(StateDatabase.ConnectionString(fullPath, pooling: false));
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();

        // BEGIN IMMEDIATE: a second process running this at the same time waits, then finds everything there.
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        command.Transaction = transaction;
        command.CommandText = Ddl;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
