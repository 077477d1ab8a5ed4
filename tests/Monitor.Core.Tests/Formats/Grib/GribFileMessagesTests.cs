using Monitor.Core.Formats;
using Monitor.Core.Formats.Grib;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.Grib;

public sealed class GribFileMessagesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly GribFixture _fixture;

    public GribFileMessagesTests()
    {
        _fixture = new GribFixture(_directory);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("regular_ll_sfc_grib2.tmpl", 2, "heightAboveGround", 2)]
    [InlineData("regular_ll_sfc_grib1.tmpl", 1, "surface", 0)]
    public void Messages_RegularLatLonField_ReportsMetadataSetByGribFilter(string sample, int edition, string typeOfLevel, long level)
    {
        string path = _fixture.T2m("t2m.grib", sample);

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal(0, message.Index);
        Assert.Equal(0, message.ByteOffset);
        Assert.Equal(0, message.FieldInMessage);
        Assert.Equal(edition, message.Edition);
        Assert.Equal("2t", message.ShortName);
        Assert.Equal(167, message.ParamId);
        Assert.Equal(typeOfLevel, message.TypeOfLevel);
        Assert.Equal(level, message.Level);
        Assert.Equal("K", message.NativeUnits);
        Assert.Equal(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc), message.ReferenceTime);
        Assert.Equal(DateTimeKind.Utc, message.ReferenceTime.Kind);
        Assert.Equal(6, message.StepHours);
        Assert.Equal("instant", message.StepType);
        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), message.ValidTime);
        Assert.Equal("regular_ll", message.GridType);
        Assert.Equal("grid_simple", message.PackingType);
        Assert.Equal(new VariableId("t2m"), message.Variable);
        Assert.Equal(1.0, message.Conversion!.Scale);
        Assert.NotNull(message.Grid);
        Assert.True(new GridSpec(50, 1, 3, 10, 1, 4).Matches(message.Grid), $"grid is {message.Grid}");
        Assert.Null(message.UnsupportedGridReason);
    }

    [Fact]
    public void Messages_MultiMessageFile_ListsEachMessageAtItsByteOffset()
    {
        string a = _fixture.T2m("a.grib2", "regular_ll_sfc_grib2.tmpl");
        string b = _fixture.T2m("b.grib1", "regular_ll_sfc_grib1.tmpl");
        string c = _fixture.Filter("c.grib2", "regular_ll_pl_grib2.tmpl",
            $"set shortName = \"t\";\nset level = 850;\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(GribFixture.T2mValues)}");
        string path = _fixture.Concatenate("abc.grib", a, b, c);

        using var file = GribFile.Open(path);

        Assert.Equal([0, 1, 2], file.Messages.Select(m => m.Index));
        long lengthA = new FileInfo(a).Length, lengthB = new FileInfo(b).Length;
        Assert.Equal([0, lengthA, lengthA + lengthB], file.Messages.Select(m => m.ByteOffset));
        Assert.Equal([2, 1, 2], file.Messages.Select(m => m.Edition));
        Assert.Equal([new VariableId("t2m"), new VariableId("t2m"), new VariableId("t", 850)], file.Messages.Select(m => m.Variable));
    }

    [Fact]
    public void Messages_AccumulationInMinutes_StepIsEndOfRangeInHours()
    {
        string path = _fixture.Filter("tp.grib2", "regular_ll_sfc_grib2.tmpl", $"""
            set productDefinitionTemplateNumber = 8;
            set shortName = "tp";
            set dataDate = 20261125;
            set dataTime = 0;
            set stepUnits = "m";
            set stepRange = "60-90";
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(GribFixture.T2mValues)}
            """);

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal("accum", message.StepType);
        Assert.Equal(1.5, message.StepHours, 9);
        Assert.Equal(new DateTime(2026, 11, 25, 1, 30, 0, DateTimeKind.Utc), message.ValidTime);
        Assert.Equal(new VariableId("tp"), message.Variable);
    }

    [Fact]
    public void Messages_Grib1AccumulationOver6To12Hours_StepIs12Hours()
    {
        string path = _fixture.Filter("tp.grib1", "regular_ll_sfc_grib1.tmpl", $"""
            set shortName = "tp";
            set stepType = "accum";
            set stepRange = "6-12";
            {GribFixture.SmallGridRules}
            {GribFixture.ValuesRule(GribFixture.T2mValues)}
            """);

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal("accum", message.StepType);
        Assert.Equal(12, message.StepHours);
    }

    [Fact]
    public void Messages_UnknownShortName_IsListedWithoutVariableAndSkippedByReadAllFields()
    {
        string t2m = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string tcw = _fixture.Set("tcw.grib2", t2m, "shortName=tcw");
        string path = _fixture.Concatenate("both.grib2", tcw, t2m);

        using var file = GribFile.Open(path);

        Assert.Equal("tcw", file.Messages[0].ShortName);
        Assert.Null(file.Messages[0].Variable);
        Assert.Null(file.Messages[0].Conversion);
        Assert.NotNull(file.Messages[0].Grid);
        var e = Assert.Throws<DataFileException>(() => file.ReadField(file.Messages[0]));
        Assert.Contains(path, e.Message);
        Assert.Equal("tcw", e.Variable);
        IReadOnlyList<GriddedField> fields = file.ReadAllFields(out IReadOnlyList<GribSkippedMessage> skipped);
        Assert.Equal([new VariableId("t2m")], fields.Select(f => f.Variable));
        GribSkippedMessage skip = Assert.Single(skipped);
        Assert.Equal("tcw", skip.Message.ShortName);
        Assert.Contains("catalogue", skip.Reason);
    }

    [Fact]
    public void Inspect_AnUnknownParameterAmongKnownOnes_IsAProblemOfItsOwnMessage()
    {
        string t2m = _fixture.T2m("t2m-i.grib2", "regular_ll_sfc_grib2.tmpl");
        string tcw = _fixture.Set("tcw-i.grib2", t2m, "shortName=tcw");
        string path = _fixture.Concatenate("both-i.grib2", tcw, t2m);

        Monitor.Core.Inspection.FileSummary summary = Assert.Single(Monitor.Core.Inspection.DataInspector.Inspect(path));

        Assert.Equal(2, summary.Fields.Count);
        Assert.Contains("is not in the variable catalogue", summary.Fields[0].Problem, StringComparison.Ordinal);
        Assert.Contains("tcw", summary.Fields[0].Problem, StringComparison.Ordinal);
        Assert.Null(summary.Fields[1].Problem);
        Assert.Equal("t2m", summary.Fields[1].Name);
    }

    [Fact]
    public void Messages_TemperatureOnModelLevel_IsNotMistakenForAPressureLevel()
    {
        string t850 = _fixture.Filter("t850.grib2", "regular_ll_pl_grib2.tmpl",
            $"set shortName = \"t\";\nset level = 850;\n{GribFixture.SmallGridRules}\n{GribFixture.ValuesRule(GribFixture.T2mValues)}");
        string path = _fixture.Set("t-hybrid.grib2", t850, "typeOfLevel=hybrid", "level=137");

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal("t", message.ShortName);
        Assert.Equal("hybrid", message.TypeOfLevel);
        Assert.Equal(137, message.Level);
        Assert.Null(message.Variable);
    }

    [Fact]
    public void Messages_SingleLevelParameterOnPressureLevel_IsNotMistakenForTheSingleLevelVariable()
    {
        // ecCodes' GRIB1 pressure-level sample carries parameter 167 (2t) at 850 hPa: GRIB1 tables allow it.
        using var file = GribFile.Open(GribFixture.Sample("regular_ll_pl_grib1.tmpl"));

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal("2t", message.ShortName);
        Assert.Equal("isobaricInhPa", message.TypeOfLevel);
        Assert.Null(message.Variable);
    }
}
