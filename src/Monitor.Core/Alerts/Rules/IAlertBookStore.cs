namespace Monitor.Core.Alerts.Rules;

/// <summary>Where the alert lifecycle keeps its <see cref="AlertBook"/> between cycles and restarts.</summary>
public interface IAlertBookStore
{
    /// <summary>The stored book, or <see cref="AlertBook.Empty"/> before the first save.</summary>
    public AlertBook Load();

    /// <summary>Replaces the stored book (atomically).</summary>
    public void Save(AlertBook book);
}
