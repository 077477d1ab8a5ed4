using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// The same options give the same archive, byte for byte (no wall-clock time is written: the netCDF <c>history</c>
/// names the generator and the seed); a different seed gives different weather.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    private readonly TemporaryDirectory _first = new();
    private readonly TemporaryDirectory _second = new();
    private readonly TemporaryDirectory _otherSeed = new();
    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _otherSeed.Dispose();
    }

    [Fact]
    public void SameOptions_GiveByteIdenticalFiles_WhenEverTheyAreWritten()
    {
        GeneratorOptions a = Options(_first.Path, seed: 9);
        Geography geography = GeographyBuilder.Build(a.Grid);
        ArchiveGenerator.Generate(a, geography);
        Thread.Sleep(1100);   // a second apart: a wall-clock time anywhere in the files would now differ
        ArchiveGenerator.Generate(a with { OutputDirectory = _second.Path }, geography);

        string[] files = [.. Directory.EnumerateFiles(_first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_first.Path, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(files, Directory.EnumerateFiles(_second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_second.Path, f)).Order(StringComparer.Ordinal));
        Assert.Contains(Path.Combine(GroundTruthWriter.Folder, "events.json"), files);
        foreach (string file in files)
        {
            byte[] x = File.ReadAllBytes(Path.Combine(_first.Path, file)), y = File.ReadAllBytes(Path.Combine(_second.Path, file));
            Assert.True(x.AsSpan().SequenceEqual(y), $"{file} differs between two runs with the same seed");
        }

        string[] netCdf = [.. files.Where(f => f.EndsWith(".nc", StringComparison.Ordinal))];
        Assert.Equal(a.Cycles().Count(), netCdf.Length);
        Assert.Contains(":history = \"v2vmonitor generate: synthetic atmosphere, seed 9\"", ExternalTool.Run("ncdump", ["-h", Path.Combine(_first.Path, netCdf[0])]), StringComparison.Ordinal);
        _output.WriteLine($"{files.Length} files, {netCdf.Length} netCDF: byte-identical");
    }

    [Fact]
    public void SameOptions_GiveIdenticalDecodedArrays_AndAnotherSeed_DifferentWeather()
    {
        GeneratorOptions a = Options(_first.Path, seed: 9);
        Geography geography = GeographyBuilder.Build(a.Grid);
        ArchiveGenerator.Generate(a, geography);
        ArchiveGenerator.Generate(a with { OutputDirectory = _second.Path }, geography);
        ArchiveGenerator.Generate(a with { OutputDirectory = _otherSeed.Path, Seed = 10 }, geography);
        var assembler = new CycleAssembler();

        foreach (CycleId cycle in a.Cycles())
        {
            CycleData first = Read(_first.Path), second = Read(_second.Path), other = Read(_otherSeed.Path);
            Assert.True(first.Values.SequenceEqual(second.Values), $"{cycle}: decoded values differ between identical runs");
            Assert.Equal(first.Statics!.OrographyM, other.Statics!.OrographyM);
            foreach (VariableId variable in new[] { ModelOutput.Msl, ModelOutput.T2m, ModelOutput.Z500, ModelOutput.Tcc })
            {
                ReadOnlySpan<float> f = first.Field(0, first.IndexOf(variable)), g = other.Field(0, other.IndexOf(variable));
                int same = 0;
                for (int i = 0; i < f.Length; i++)
                {
                    same += f[i] == g[i] ? 1 : 0;
                }

                Assert.True(same < f.Length / 10, $"{cycle} {variable}: {same} of {f.Length} cells equal under another seed");
            }

            // The sun does not depend on the seed.
            Assert.True(first.Field(0, first.IndexOf(ModelOutput.Tisr)).SequenceEqual(other.Field(0, other.IndexOf(ModelOutput.Tisr))));

            CycleData Read(string directory) => assembler.Assemble(cycle, [ArchiveGenerator.CycleFile(directory, cycle)]).Data;
        }

        Assert.NotEqual(File.ReadAllText(Path.Combine(_first.Path, GroundTruthWriter.Folder, "regimes.csv")),
            File.ReadAllText(Path.Combine(_otherSeed.Path, GroundTruthWriter.Folder, "regimes.csv")));
    }

    /// <summary>
    /// Without planted events the archive holds the seed's same weather: identical fields wherever no event is active
    /// (regimes, waves and noise do not depend on the plan), different ones where one is, and an empty truth list.
    /// </summary>
    [Fact]
    public void WithoutPlantedEvents_TheWeatherIsTheSeedsOwn_AndDiffersOnlyWhileAnEventIsActive()
    {
        GeneratorOptions planted = Options(_first.Path, seed: 9) with
        {
            From = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2025, 2, 28, 0, 0, 0, DateTimeKind.Utc),
            LeadHours = [0],
        };
        Geography geography = GeographyBuilder.Build(planted.Grid);
        SyntheticSetup withEvents = ArchiveGenerator.Prepare(planted, geography);
        SyntheticSetup calm = ArchiveGenerator.Prepare(planted with { PlantEvents = false }, geography);
        Assert.Empty(calm.Events);
        Assert.NotEmpty(withEvents.Events);

        DateTime during = withEvents.Events[0].Start.AddHours(12);
        DateTime quiet = planted.Cycles().Select(c => c.InitTime).First(t => withEvents.Events.All(e => !e.IsActive(t) && !e.IsActive(t.AddDays(2)) && !e.IsActive(t.AddDays(-2))));
        _output.WriteLine($"event #{withEvents.Events[0].Id} {withEvents.Events[0].Kind} active at {during:yyyy-MM-dd HH}; none within two days of {quiet:yyyy-MM-dd HH}");
        float[] Fields(SyntheticSetup setup, DateTime time) =>
            ArchiveGenerator.Compute(setup.Model, new CycleId(time), [0], geography.Fields).Values.ToArray();

        Assert.Equal(Fields(withEvents, quiet), Fields(calm, quiet));
        Assert.NotEqual(Fields(withEvents, during), Fields(calm, during));
    }

    /// <summary>The warm-spell rate is the plan's: none at 0, several times more at 6 a month than at the default 0.6.</summary>
    [Fact]
    public void TheWarmSpellRate_SetsHowManySpellsArePlanted()
    {
        GeneratorOptions winters = Options(_first.Path, seed: 9) with
        {
            From = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 2, 28, 0, 0, 0, DateTimeKind.Utc),
            LeadHours = [0],
        };
        Geography geography = GeographyBuilder.Build(winters.Grid);
        int Spells(double rate) => ArchiveGenerator.Prepare(winters with { WarmSpellsPerMonth = rate }, geography).Events.Count(e => e.Kind == EventKind.AdvectiveWarmSpell);

        int none = Spells(0), usual = Spells(EventPlanner.DefaultWarmSpellsPerMonth), many = Spells(6);
        _output.WriteLine($"two winters: {none} spells at 0 a month, {usual} at 0.6, {many} at 6");
        Assert.Equal(0, none);
        Assert.True(many > 3 * Math.Max(1, usual), $"{many} spells at 6 a month against {usual} at 0.6");
        Assert.Throws<ArgumentException>(() => (winters with { WarmSpellsPerMonth = 31 }).Validate());
    }

    private static GeneratorOptions Options(string directory, long seed) => new()
    {
        Grid = SyntheticGrids.Global5625,
        From = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        To = new DateTime(2026, 3, 1, 18, 0, 0, DateTimeKind.Utc),
        LeadHours = [0, 6, 12],
        Seed = seed,
        OutputDirectory = directory,
    };
}
