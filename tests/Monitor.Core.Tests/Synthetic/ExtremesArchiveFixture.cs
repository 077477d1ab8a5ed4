using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// One year (2025) of 6-hourly analyses on a 1° Euro-Atlantic grid (70–30°N, 40°W–40°E): fine enough to resolve the
/// planted events (a 300 km heavy-precipitation event is smaller than a W1 cell), long enough to hold every kind. The
/// analyses are computed in memory with the generator's model (<see cref="ArchiveFilesTests"/> shows the files hold
/// exactly these values; writing 1460 netCDF files would cost ~20 s of test time) and the ground truth is written by
/// <see cref="GroundTruthWriter"/> as <c>generate</c> writes it. The seed is the first, from 1, whose plan has every
/// kind of event with its mid-life inside the year — chosen for occurrence only, never for how the events look.
/// </summary>
public sealed class ExtremesArchiveFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public ExtremesArchiveFixture()
    {
        GridSpec grid = SyntheticGrids.Parse("70,30,-40,40,1");
        Geography = GeographyBuilder.Build(grid);
        var from = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2025, 12, 31, 18, 0, 0, DateTimeKind.Utc);
        long seed = 1;
        while (!HasEveryKind(ArchiveModel.For(grid, Geography.Fields, from, to, 0, seed), from, to))
        {
            seed++;
            Assert.True(seed < 50, "no seed up to 50 plants every kind of event in 2025");
        }

        Options = new GeneratorOptions { Grid = grid, From = from, To = to, LeadHours = [0], Seed = seed, OutputDirectory = _directory.Path };
        Model = ArchiveModel.For(grid, Geography.Fields, from, to, 0, seed);
        GroundTruthWriter.Write(Options, Model.Chain, Model.Events, Geography.Source);

        Times = [.. Options.Cycles().Select(c => c.InitTime)];
        T2m = new float[Times.Length][];
        WindSpeed = new float[Times.Length][];
        Tp = new float[Times.Length][];
        Parallel.For(0, Times.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            ModelOutput analysis = Model.Analysis(Times[i]);
            T2m[i] = analysis[ModelOutput.T2m].ToArray();
            WindSpeed[i] = analysis.WindSpeed();
            Tp[i] = analysis[ModelOutput.Tp].ToArray();
        });
    }

    public GeneratorOptions Options { get; }

    public Geography Geography { get; }

    internal ArchiveModel Model { get; }

    /// <summary>Valid times of the analyses, 6-hourly.</summary>
    public DateTime[] Times { get; }

    /// <summary>Analysed t2m (K), <c>[time][cell]</c>.</summary>
    public float[][] T2m { get; }

    /// <summary>Analysed 10 m wind speed √(u10² + v10²) (m s⁻¹), <c>[time][cell]</c>.</summary>
    public float[][] WindSpeed { get; }

    /// <summary>Analysed hourly precipitation (m), <c>[time][cell]</c>.</summary>
    public float[][] Tp { get; }

    /// <summary>Index of the analysis at or just before an event's mid-life.</summary>
    public int MidLifeIndex(PlantedEvent e) =>
        (int)Math.Floor((e.Start + ((e.End - e.Start) / 2) - Options.From).TotalHours / Options.CycleInterval.TotalHours);

    public void Dispose() => _directory.Dispose();

    private static bool HasEveryKind(ArchiveModel model, DateTime from, DateTime to) =>
        Enum.GetValues<EventKind>().All(kind => model.Events.Any(e =>
            e.Kind == kind && e.Start + ((e.End - e.Start) / 2) is var mid && mid >= from && mid <= to));
}
