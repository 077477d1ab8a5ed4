
namespace Monitor.Core.Regimes;

/// <summary>
/// Where a regime history lives: a file beside the model today (<c>Products/CsvRegimeHistoryStore</c>), InfluxDB's
/// <c>regime</c> measurement once the service writes there. Queries (<see cref="RegimeQuery"/>) only need
/// <see cref="Read"/>.
/// </summary>
public interface IRegimeHistoryStore
{
    /// <summary>The states with valid time in [<paramref name="first"/>, <paramref name="last"/>] (UTC, inclusive), oldest first.</summary>
    public RegimeHistory Read(DateTime first, DateTime last);

    /// <summary>Replaces the stored history with <paramref name="history"/>.</summary>
    public void Write(RegimeHistory history);
}
