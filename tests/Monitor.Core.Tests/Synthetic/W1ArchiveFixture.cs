using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// A small W1 archive written once for a test class: three days of 6-hourly cycles with leads 0–24 h by 6, seed 4,
/// ETOPO geography; and the same model in memory.
/// </summary>
public sealed class W1ArchiveFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public W1ArchiveFixture()
    {
        Options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 1, 3, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 6, 12, 18, 24],
            Seed = 4,
            OutputDirectory = _directory.Path,
        };
        Geography = GeographyBuilder.Build(Options.Grid);
        Summary = ArchiveGenerator.Generate(Options, Geography);
        Model = ArchiveModel.For(Options.Grid, Geography.Fields, Options.From, Options.To, Options.LeadHours[^1], Options.Seed);
    }

    public GeneratorOptions Options { get; }

    public Geography Geography { get; }

    public GenerationSummary Summary { get; }

    internal ArchiveModel Model { get; }

    public string Directory => _directory.Path;

    public CycleId[] Cycles => [.. Options.Cycles()];

    public void Dispose() => _directory.Dispose();
}
