using Monitor.Core.Monitoring.Reports;

namespace Monitor.Core.Monitoring.Ports;

/// <summary>
/// A page people open beside report.json (the HTML report): written after report.json from the same
/// <see cref="CycleReport"/>, never its replacement; a page that cannot be written does not fail the cycle.
/// </summary>
public interface IReportPage
{
    /// <summary>The page's file name inside a cycle's report directory, e.g. <c>report.html</c>.</summary>
    public string FileName { get; }

    /// <summary>Writes the page of <paramref name="report"/>, read from <paramref name="files"/>, into <paramref name="directory"/>.</summary>
    public void Write(CycleReport report, IReadOnlyList<string> files, string directory, CancellationToken cancellationToken = default);
}
