using Monitor.Core.Cycles;
using Monitor.Core.Grids;
using Monitor.Core.Inspection;
using Monitor.Core.Tests.Formats.Grib;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Cycles;

public sealed class GribCycleAssemblyTests : IDisposable
{
    private static readonly CycleId Cycle = CycleId.Parse("2026112512");
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Assemble_OneGribFilePerStep_BuildsBlockAndListsUnsupportedMessages()
    {
        var grib = new GribFixture(_dir);
        string step0 = Step(grib, 0);
        string step6 = Step(grib, 6);
        string gaussian = grib.Set("gaussian.grib2", GribFixture.Sample("reduced_gg_pl_32_grib2.tmpl"),
            "shortName=2t", "dataDate=20261125", "dataTime=1200", "stepRange=6");
        string step6WithGaussian = grib.Concatenate("step6-mixed.grib2", step6, gaussian);

        CycleAssembly assembly = new CycleAssembler().Assemble(Cycle, [step0, step6WithGaussian]);

        Assert.Equal([0, 6], assembly.Data.LeadHours);
        Assert.Equal([new VariableId("t2m"), new VariableId("msl")], assembly.Data.Variables);
        Assert.Equal(new GridSpec(50, 1, 3, 10, 1, 4), assembly.Data.Grid);
        // t2m at +6 h: the fixture's values + 6 K; msl: 101000 Pa + 100 × step.
        Assert.Equal(GribFixture.T2mGrid[2, 3] + 6, assembly.Data.Field(1, 0)[11], 3);
        Assert.Equal(101_600, assembly.Data.Field(1, 1)[0], 1);
        string skipped = Assert.Single(assembly.Skipped);
        Assert.Contains(step6WithGaussian, skipped, StringComparison.Ordinal);
        Assert.Contains("reduced_gg", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_GribFileWithUnsupportedGrid_SummarisesReadableFieldsAndNamesTheOther()
    {
        var grib = new GribFixture(_dir);
        string gaussian = grib.Set("gaussian.grib2", GribFixture.Sample("reduced_gg_pl_32_grib2.tmpl"), "shortName=2t");
        string mixed = grib.Concatenate("mixed.grib2", Step(grib, 6), gaussian);

        FileSummary file = Assert.Single(DataInspector.Inspect(mixed));

        Assert.Equal(3, file.Fields.Count);
        FieldSummary t2m = file.Fields[0];
        Assert.Equal("t2m", t2m.Name);
        Assert.Equal(GribFixture.T2mValues.Min() + 6, t2m.Minimum, 3);
        Assert.Equal(GribFixture.T2mValues.Max() + 6, t2m.Maximum, 3);
        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), t2m.ValidTime);
        Assert.Contains("reduced_gg", file.Fields[2].Problem, StringComparison.Ordinal);
    }

    private static string Step(GribFixture grib, int step)
    {
        string t2m = grib.Filter($"t2m_{step}.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set shortName = "2t";
            set dataDate = 20261125;
            set dataTime = 1200;
            set stepRange = "{step}";
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(GribFixture.T2mValues.Select(v => v + step))}
            """);
        string msl = grib.Filter($"msl_{step}.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set shortName = "msl";
            set dataDate = 20261125;
            set dataTime = 1200;
            set stepRange = "{step}";
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(Enumerable.Repeat(101_000.0 + (100 * step), 12))}
            """);
        return grib.Concatenate($"fc_{step}.grib2", t2m, msl);
    }
}
