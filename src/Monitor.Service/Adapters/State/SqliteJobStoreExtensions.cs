using Quartz;

namespace Monitor.Service.Adapters.State;

/// <summary>Configures Quartz.NET 4.7.3's persistent job store on a SQLite file under the state directory.</summary>
public static class SqliteJobStoreExtensions
{
    /// <summary>The Quartz store's file name under the state directory.</summary>
    public const string FileName = "quartz.db";

    /// <summary>
    /// How late a trigger may fire before it counts as misfired: 60 s. A trigger held up by less (a slow start, both
    /// worker threads busy for a moment) just fires late; one missed by more — the service was down, or a cycle kept
    /// every thread busy for minutes — gets its misfire instruction (see <c>Jobs/MonitorSchedules</c>).
    /// </summary>
    public static readonly TimeSpan DefaultMisfireThreshold = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Stores jobs and triggers in <paramref name="databasePath"/> (created with <see cref="QuartzSqliteSchema"/> now,
    /// idempotently): Microsoft.Data.Sqlite, System.Text.Json job data, table prefix <c>QRTZ_</c>, not clustered
    /// (SQLite cannot be), schema validated at start-up.
    /// </summary>
    /// <param name="quartz">The scheduler being configured (<c>services.AddQuartz(q =&gt; …)</c>).</param>
    /// <param name="databasePath">The store's file, normally <c>data/state/quartz.db</c>.</param>
    /// <param name="misfireThreshold">Overrides <see cref="DefaultMisfireThreshold"/> (tests use a short one).</param>
    /// <returns><paramref name="quartz"/>.</returns>
    public static IQuartzBuilder UseSqliteJobStore(this IQuartzBuilder quartz, string databasePath, TimeSpan? misfireThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        TimeSpan threshold = misfireThreshold ?? DefaultMisfireThreshold;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, TimeSpan.Zero, nameof(misfireThreshold));

        string fullPath = Path.GetFullPath(databasePath);
        QuartzSqliteSchema.EnsureCreated(fullPath);
        return quartz.UsePersistentStore(store =>
        {
            // Pooled: the store opens a connection per operation, many times a minute.
            store.UseSqlite(StateDatabase.ConnectionString(fullPath, pooling: true));
            store.UseSystemTextJsonSerializer();
            store.ConfigureStore(options =>
            {
                options.TablePrefix = QuartzSqliteSchema.TablePrefix;
                options.MisfireThreshold = threshold;
                options.SchemaProvisioning = SchemaProvisioning.Validate;
            });

            // Deliberately no UseClustering: SQLite stores cannot be clustered; several nodes need PostgreSQL.
        });
    }
}
