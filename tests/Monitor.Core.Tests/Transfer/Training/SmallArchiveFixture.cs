using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Transfer.Training;

/// <summary>A small synthetic W1 archive (12 days of 6-hourly cycles, leads 0–12 h) shared by the training tests.</summary>
public sealed class SmallArchiveFixture : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public SmallArchiveFixture()
    {
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2025, 1, 12, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 6, 12],
            Seed = 11,
            OutputDirectory = _dir.Path,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
    }

    public string Path => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
