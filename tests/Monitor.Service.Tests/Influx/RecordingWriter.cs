using Monitor.Service.Adapters.Influx;

namespace Monitor.Service.Tests.Influx;

/// <summary>A fake writer for spool edge cases: records requests; fails with a scripted error when told to.</summary>
internal sealed class RecordingWriter : IInfluxWriter
{
    public List<IReadOnlyList<string>> Requests { get; } = [];

    /// <summary>Decides the outcome of the next request from its lines: null accepts, an exception fails.</summary>
    public Func<IReadOnlyList<string>, InfluxRequestException?> Outcome { get; set; } = _ => null;

    public IEnumerable<string> Lines => Requests.SelectMany(r => r);

    public string Describe() => "recording writer";

    public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        if (Outcome(lines) is { } error)
        {
            return Task.FromException(error);
        }

        Requests.Add([.. lines]);
        return Task.CompletedTask;
    }
}
