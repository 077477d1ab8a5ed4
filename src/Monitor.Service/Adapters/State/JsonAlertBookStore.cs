using System.Text.Json;
using Monitor.Core.Alerts;
using Monitor.Core.Alerts.Rules;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Reports;
using Monitor.Core.Storage;

namespace Monitor.Service.Adapters.State;

/// <summary>
/// The alert lifecycle's book as <c>state/alert-book.json</c>, replaced atomically after each cycle's alerts are in the
/// outbox (docs/state.md). An unreadable file is an error naming it, not a silent fresh start: that would alert every
/// open event again.
/// </summary>
/// <param name="stateDirectory">The state directory.</param>
/// <param name="fileName">The file's name: <see cref="FileName"/> for the cycle rules, <see cref="HealthFileName"/> for the health check.</param>
public sealed class JsonAlertBookStore(string stateDirectory, string fileName = JsonAlertBookStore.FileName) : IAlertBookStore
{
    /// <summary>The cycle rules' book in the state directory.</summary>
    public const string FileName = "alert-book.json";

    /// <summary>The health check's book.</summary>
    public const string HealthFileName = "health-alert-book.json";

    /// <summary>The file.</summary>
    public string FilePath { get; } = Path.Combine(stateDirectory, fileName);

    /// <inheritdoc />
    public AlertBook Load()
    {
        if (!File.Exists(FilePath))
        {
            return AlertBook.Empty;
        }

        try
        {
            BookDocument document = JsonSerializer.Deserialize(File.ReadAllText(FilePath), AlertBookJsonContext.Default.BookDocument)
                ?? throw new JsonException("the file holds null");
            return new AlertBook(
                [.. document.Events.Select(e => new AlertEvent(e.Key, e.Rule, e.Subject, e.TrackIds, e.Severity, e.Revision, e.Opened, e.LastSeen, e.Missed,
                    e.Summary, e.Recipients, e.Cycle is null ? null : CycleId.Parse(e.Cycle)))],
                document.Notifications,
                [.. document.Openings.Select(o => new AlertOpening(o.Rule, o.Subject, o.Time))],
                document.LastCycle is null ? null : CycleId.Parse(document.LastCycle),
                document.LastCycleAlerts ?? []);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The alert book {FilePath} is unreadable ({ex.Message}); move it away to start afresh (open events would be alerted again).", ex);
        }
    }

    /// <inheritdoc />
    public void Save(AlertBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var document = new BookDocument(
            [.. book.Events.Select(e => new EventDocument(e.Key, e.Rule, e.Subject, [.. e.TrackIds], e.Severity, e.Revision, e.Opened, e.LastSeen, e.Missed,
                e.Summary, [.. e.Recipients], e.Cycle?.ToString()))],
            [.. book.Notifications],
            [.. book.Openings.Select(o => new OpeningDocument(o.Rule, o.Subject, o.Time))],
            book.LastCycle?.ToString(),
            [.. book.LastCycleAlerts]);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        AtomicFile.WriteAllText(FilePath, JsonSerializer.Serialize(document, AlertBookJsonContext.Default.BookDocument));
    }

    internal sealed record BookDocument(List<EventDocument> Events, List<DateTimeOffset> Notifications, List<OpeningDocument> Openings, string? LastCycle,
        List<ReportedAlert>? LastCycleAlerts);

    internal sealed record EventDocument(string Key, string Rule, string Subject, List<string> TrackIds, AlertSeverity Severity, int Revision,
        DateTimeOffset Opened, DateTimeOffset LastSeen, int Missed, string Summary, List<string> Recipients, string? Cycle);

    internal sealed record OpeningDocument(string Rule, string Subject, DateTimeOffset Time);
}
