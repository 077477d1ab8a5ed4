using Monitor.Core.Synthetic;

namespace Monitor.Service.Tests.Cli;

/// <summary>A small generated W1 archive (40 days of 6-hourly cycles, leads 0 and 24 h, seed 5) for the regime verbs.</summary>
public sealed class RegimesArchiveFixture : IDisposable
{
    private readonly TestDirectory _dir = new();

    public RegimesArchiveFixture()
    {
        Archive = _dir.File("archive");
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 2, 9, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 24],
            Seed = 5,
            OutputDirectory = Archive,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
    }

    public string Archive { get; }

    public string NewDirectory(string name) => Directory.CreateDirectory(_dir.File(name + "-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => _dir.Dispose();
}
