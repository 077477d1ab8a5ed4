using Monitor.Core.Monitoring.Ports;
using Monitor.Core.Storage;

namespace Monitor.Service.Adapters.Files;

/// <summary>
/// The embedded default sink: each cycle's points as InfluxDB line protocol in <c>{reports}/{cycle}/points.lp</c>
/// (second precision), written beside and renamed, so a reader never sees half a file. docs/influxdb.md gives the
/// command that loads them into an InfluxDB later.
/// </summary>
public sealed class FileSink(string reportsDirectory) : IPointSink
{
    /// <summary>The file name inside a cycle's report directory.</summary>
    public const string FileName = "points.lp";

    /// <inheritdoc />
    public string Describe() => $"line protocol in {Path.Combine(reportsDirectory, "<cycle>", FileName)}";

    /// <inheritdoc />
    public Task WriteAsync(string batchKey, IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchKey);
        ArgumentNullException.ThrowIfNull(lines);
        string directory = Path.Combine(reportsDirectory, batchKey);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), string.Join('\n', lines) + "\n");
        return Task.CompletedTask;
    }
}
