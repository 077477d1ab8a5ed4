using Monitor.Core.Cycles;
using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Cycles;

public sealed class CycleAssemblerTests : IDisposable
{
    private static readonly CycleId Cycle = CycleId.Parse("2026112506");
    private static readonly VariableId[] Variables = [new("t2m"), new("msl"), new("z", 500)];
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Assemble_OneFilePerLeadAndVariable_RebuildsTheBlock()
    {
        CycleData original = SampleCycles.Create(Cycle, [0, 6, 12], Variables, withStatics: true);
        var files = new List<string>();
        for (int l = 0; l < 3; l++)
        {
            for (int v = 0; v < Variables.Length; v++)
            {
                StaticFields? statics = l == 0 && v == 0 ? original.Statics : null;
                var single = new CycleData(Cycle, original.Grid, [original.LeadHours[l]], [Variables[v]], original.Field(l, v).ToArray(), statics);
                string path = _dir.File($"{Variables[v]}_{original.LeadHours[l]}.nc");
                NetCdfCycleWriter.Write(single, path);
                files.Add(path);
            }
        }

        CycleAssembly assembly = new CycleAssembler().Assemble(Cycle, files, Variables);

        Assert.Equal(original.LeadHours, assembly.Data.LeadHours);
        Assert.Equal(Variables, assembly.Data.Variables);
        Assert.Equal(original.Values.ToArray(), assembly.Data.Values.ToArray());
        Assert.Equal(original.Statics!.LandSeaMask, assembly.Data.Statics!.LandSeaMask);
    }

    [Fact]
    public void Assemble_NoVariablesRequested_TakesEveryKnownVariableInCatalogueOrder()
    {
        string path = _dir.File("all.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [0, 6], [new("z", 500), new("msl"), new("t2m")]), path);

        CycleAssembly assembly = new CycleAssembler().Assemble(Cycle, [path]);

        Assert.Equal(["t2m", "msl", "z500"], assembly.Data.Variables.Select(v => v.ToString()));
    }

    [Fact]
    public void Assemble_OptionalVariables_AreAddedWhereCompleteAndLeftOutOtherwise()
    {
        string a = _dir.File("a.nc"), b = _dir.File("b.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [0, 6], [new("t2m"), new("msl"), new("u10")]), a);
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [12], [new("t2m"), new("msl")]), b);

        CycleData data = new CycleAssembler().Assemble(Cycle, [a, b], [new("msl")], [new("t2m"), new("u10"), new("v10")]).Data;

        // t2m is at every lead; u10 misses +12 h; v10 is nowhere: only t2m joins the required msl.
        Assert.Equal(["msl", "t2m"], data.Variables.Select(v => v.ToString()));
        Assert.Equal([0, 6, 12], data.LeadHours);
        Assert.Throws<IncompleteCycleException>(() => new CycleAssembler().Assemble(Cycle, [a, b], [new("msl"), new("u10")]));
    }

    [Fact]
    public void Assemble_MissingLead_ListsWhatIsMissing()
    {
        string a = _dir.File("a.nc"), b = _dir.File("b.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [0, 6], [new("t2m"), new("msl")]), a);
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [12], [new("t2m")]), b);

        IncompleteCycleException error = Assert.Throws<IncompleteCycleException>(() => new CycleAssembler().Assemble(Cycle, [a, b]));

        Assert.Equal(["msl at +12 h"], error.Missing);
        Assert.Contains("2026112506", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_FileOfAnotherCycle_RefusedNamingTheFile()
    {
        string path = _dir.File("old.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(CycleId.Parse("2026112500"), [0], [new("t2m")]), path);

        DataFileException error = Assert.ThrowsAny<DataFileException>(() => new CycleAssembler().Assemble(Cycle, [path]));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("2026112500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_DifferentGrids_RefusedNamingBothGrids()
    {
        string a = _dir.File("a.nc"), b = _dir.File("b.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [0], [new("t2m")]), a);
        CycleData other = SampleCycles.Create(Cycle, [6], [new("t2m")]);
        var shifted = new CycleData(Cycle, other.Grid with { FirstLatitude = 61 }, [6], [new VariableId("t2m")], other.Values.ToArray());
        NetCdfCycleWriter.Write(shifted, b);

        DimensionMismatchException error = Assert.Throws<DimensionMismatchException>(() => new CycleAssembler().Assemble(Cycle, [a, b]));

        Assert.Equal(b, error.FilePath);
        Assert.Contains("61", error.Message, StringComparison.Ordinal);
        Assert.Contains(a, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_SameFieldTwice_RefusedNamingBothFiles()
    {
        string a = _dir.File("a.nc"), b = _dir.File("b.nc");
        NetCdfCycleWriter.Write(SampleCycles.Create(Cycle, [0], [new("t2m")]), a);
        File.Copy(a, b);

        DataFileException error = Assert.ThrowsAny<DataFileException>(() => new CycleAssembler().Assemble(Cycle, [a, b]));

        Assert.Contains(a, error.Message, StringComparison.Ordinal);
        Assert.Contains(b, error.Message, StringComparison.Ordinal);
    }
}
