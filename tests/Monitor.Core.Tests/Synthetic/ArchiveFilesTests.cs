using System.Globalization;
using System.Text.Json;
using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Support;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Synthetic;

/// <summary>
/// What <see cref="ArchiveGenerator"/> writes goes through the foundation's readers (inbox scanner, cycle assembler),
/// through independent readers (ncdump, python3-netCDF4) without warnings, and holds what the model computes.
/// </summary>
public sealed class ArchiveFilesTests : IClassFixture<W1ArchiveFixture>
{
    private readonly W1ArchiveFixture _archive;
    private readonly ITestOutputHelper _output;

    public ArchiveFilesTests(W1ArchiveFixture archive, ITestOutputHelper output)
    {
        _archive = archive;
        _output = output;
    }

    [Fact]
    public void InboxScanner_WithDefaults_FindsEveryCycleComplete()
    {
        var scanner = new InboxScanner(new InboxOptions { Directory = _archive.Directory },
            new ManualTimeProvider(new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero)));

        IReadOnlyList<CycleCandidate> found = scanner.Scan();

        Assert.Equal(_archive.Cycles, found.Select(c => c.Cycle));
        Assert.All(found, c => Assert.Equal(CycleReadiness.Complete, c.Readiness));
        Assert.All(found, c => Assert.Equal([ArchiveGenerator.CycleFile(_archive.Directory, c.Cycle)], c.Files));
        Assert.Equal(_archive.Cycles.Length, _archive.Summary.Cycles);
    }

    [Fact]
    public void CycleAssembler_ReadsEveryVariableAtEveryLead_WithStatics_AsTheModelComputedThem()
    {
        var assembler = new CycleAssembler();
        foreach (CycleId cycle in _archive.Cycles)
        {
            CycleData read = assembler.Assemble(cycle, [ArchiveGenerator.CycleFile(_archive.Directory, cycle)]).Data;
            CycleData computed = ArchiveGenerator.Compute(_archive.Model.Model, cycle, _archive.Options.LeadHours, _archive.Geography.Fields);

            Assert.Equal(_archive.Options.LeadHours, read.LeadHours);
            Assert.Equal(AtmosphereModel.Variables.Select(v => v.ToString()).Order(), read.Variables.Select(v => v.ToString()).Order());
            Assert.True(read.Grid.Matches(_archive.Options.Grid), $"grid {read.Grid}");
            Assert.NotNull(read.Statics);
            Assert.Equal(_archive.Geography.Fields.OrographyM, read.Statics.OrographyM);
            Assert.Equal(_archive.Geography.Fields.LandSeaMask, read.Statics.LandSeaMask);
            for (int l = 0; l < read.LeadHours.Count; l++)
            {
                foreach (VariableId variable in AtmosphereModel.Variables)
                {
                    // Stored as float32 without packing: the file holds the model's values bit for bit.
                    Assert.True(read.Field(l, read.IndexOf(variable)).SequenceEqual(computed.Field(l, computed.IndexOf(variable))),
                        $"{cycle} +{read.LeadHours[l]} h {variable} differs from the model");
                }
            }
        }
    }

    [Fact]
    public void Tisr_InTheFile_IsTheAccumulatedTopOfAtmosphereInsolation()
    {
        var random = new Random(1361);
        GridSpec grid = _archive.Options.Grid;
        var assembler = new CycleAssembler();
        double worst = 0;
        int daylight = 0;
        foreach (CycleId cycle in _archive.Cycles.Where((_, i) => i % 3 == 0))
        {
            CycleData read = assembler.Assemble(cycle, [ArchiveGenerator.CycleFile(_archive.Directory, cycle)]).Data;
            for (int l = 0; l < read.LeadHours.Count; l++)
            {
                ReadOnlySpan<float> tisr = read.Field(l, read.IndexOf(ModelOutput.Tisr));
                for (int k = 0; k < 40; k++)
                {
                    int cell = random.Next(grid.CellCount);
                    double expected = SolarRadiation.Accumulated(GridCells.Latitude(grid, cell), GridCells.Longitude(grid, cell),
                        cycle.ValidTime(read.LeadHours[l]), TimeSpan.FromHours(1));
                    worst = Math.Max(worst, Math.Abs(tisr[cell] - expected));
                    daylight += expected > 0 ? 1 : 0;
                    Assert.Equal(expected, tisr[cell], Math.Max(1.0, 2e-6 * expected));
                }
            }
        }

        _output.WriteLine($"worst |file − SolarRadiation.Accumulated| = {worst:G3} J m⁻² over {daylight} sunlit samples (values up to ~4.9e6)");
        Assert.True(daylight > 100, $"only {daylight} sunlit samples");
    }

    [Fact]
    public void Ncdump_AndPythonNetcdf4_ReadACycle_WithoutWarnings()
    {
        CycleId cycle = _archive.Cycles[^1];
        string path = ArchiveGenerator.CycleFile(_archive.Directory, cycle);

        (string header, string ncdumpErrors) = ExternalTool.RunCapturingErrors("ncdump", ["-h", path]);
        const string Script = """
            import sys, warnings
            warnings.simplefilter("always")
            import netCDF4, numpy
            ds = netCDF4.Dataset(sys.argv[1])
            names = sorted(v for v in ds.variables if ds.variables[v].ndim >= 2)
            total = 0
            for name in names:
                data = ds.variables[name][:]
                assert not numpy.ma.is_masked(data) or data.mask.sum() == 0, name
                total += data.size
            t2m = ds.variables['t2m'][2, 5, 7]
            print(' '.join(names), total, repr(float(t2m)))
            """;
        (string output, string pythonErrors) = ExternalTool.RunCapturingErrors("/usr/bin/python3", ["-c", Script, path]);

        _output.WriteLine(header);
        _output.WriteLine(output);
        Assert.Equal("", ncdumpErrors);
        Assert.Equal("", pythonErrors);
        foreach (string name in new[] { "t2m", "u10", "v10", "msl", "tcc", "tp", "tisr", "z", "orography", "lsm" })
        {
            Assert.Contains($"\tfloat {name}(", header, StringComparison.Ordinal);
        }

        Assert.Contains(":Conventions = \"CF-1.8\"", header, StringComparison.Ordinal);
        string[] parts = output.Trim().Split(' ');
        CycleData computed = ArchiveGenerator.Compute(_archive.Model.Model, cycle, _archive.Options.LeadHours, _archive.Geography.Fields);
        float expected = computed.Field(2, computed.IndexOf(ModelOutput.T2m))[(5 * _archive.Options.Grid.LongitudeCount) + 7];
        Assert.Equal(expected, float.Parse(parts[^1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TruthFiles_HoldThePlannedEvents_AndTheOptions()
    {
        string truth = Path.Combine(_archive.Directory, GroundTruthWriter.Folder);
        using JsonDocument events = JsonDocument.Parse(File.ReadAllText(Path.Combine(truth, "events.json")));
        using JsonDocument generator = JsonDocument.Parse(File.ReadAllText(Path.Combine(truth, "generator.json")));

        // Records with a track list compare the list by reference: compare what they hold.
        Assert.Equal(_archive.Model.Events.Select(Describe), _archive.Summary.Events.Select(Describe));
        Assert.Equal(_archive.Summary.Events.Select(e => (e.Id, e.Start, e.RadiusKm)),
            events.RootElement.EnumerateArray().Select(e => (e.GetProperty("id").GetInt32(), e.GetProperty("start").GetDateTime().ToUniversalTime(), e.GetProperty("radiusKm").GetDouble())));
        Assert.Equal(_archive.Options.Seed, generator.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal(_archive.Options.LeadHours, generator.RootElement.GetProperty("leadHours").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(_archive.Geography.Source, generator.RootElement.GetProperty("geography").GetString());
        Assert.Equal(RegimeChain.MeanPersistenceDays, generator.RootElement.GetProperty("regimeChain").GetProperty("meanPersistenceDays").GetDouble());
        _output.WriteLine($"{_archive.Summary.Events.Count} events planted in {_archive.Cycles.Length} cycles: " +
            string.Join(", ", _archive.Summary.Events.Select(e => $"{e.Kind} {e.Start:MM-dd HH}")));
    }

    private static string Describe(PlantedEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Id} {e.Kind} {e.Start:o} {e.End:o} {e.RadiusKm} {e.Intensity:R} {e.Driver} {e.UnusualForPlaceAndSeason} {string.Join("; ", e.Track)}");
}
