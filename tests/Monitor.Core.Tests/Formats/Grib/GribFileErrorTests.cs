using Monitor.Core.Formats;
using Monitor.Core.Formats.Grib;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.Grib;

public sealed class GribFileErrorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly GribFixture _fixture;

    public GribFileErrorTests()
    {
        _fixture = new GribFixture(_directory);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadField_ReducedGaussian_ThrowsUnsupportedGridNamingFileShortNameAndGridType()
    {
        string path = _fixture.Set("reduced.grib2", GribFixture.Sample("reduced_gg_pl_32_grib2.tmpl"), "shortName=t");

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal("reduced_gg", message.GridType);
        Assert.Null(message.Grid);
        var e = Assert.Throws<UnsupportedGridException>(() => file.ReadField(message));
        Assert.Contains(path, e.Message);
        Assert.Contains("'t'", e.Message);
        Assert.Contains("reduced_gg", e.Message);
        Assert.Equal("t", e.Variable);
    }

    [Theory]
    [InlineData("regular_gg_sfc_grib2.tmpl")]
    [InlineData("regular_gg_sfc_grib1.tmpl")]
    [InlineData("reduced_gg_sfc_grib1.tmpl")]
    [InlineData("reduced_ll_sfc_grib2.tmpl")]
    [InlineData("rotated_ll_sfc_grib2.tmpl")]
    [InlineData("polar_stereographic_sfc_grib2.tmpl")]
    [InlineData("polar_stereographic_sfc_grib1.tmpl")]
    [InlineData("lambert_bf_grib2.tmpl")]
    [InlineData("sh_sfc_grib2.tmpl")]
    public void ReadField_GridOtherThanRegularLatLon_ThrowsUnsupportedGridNamingItsGridType(string sample)
    {
        string path = GribFixture.Sample(sample);
        string gridType = ExternalTool.Run("grib_get", ["-p", "gridType", path]).Trim();

        using var file = GribFile.Open(path);

        GribMessageInfo message = Assert.Single(file.Messages);
        Assert.Equal(gridType, message.GridType);
        Assert.Null(message.Grid);
        var e = Assert.Throws<UnsupportedGridException>(() => file.ReadField(message));
        Assert.Contains($"'{gridType}'", e.Message);
    }

    [Fact]
    public void ReadAllFields_MixedGrids_SkipsUnsupportedAndReportsThemByName()
    {
        string t2m = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string reduced = GribFixture.Sample("reduced_gg_pl_32_grib2.tmpl");
        string polar = GribFixture.Sample("polar_stereographic_pl_grib2.tmpl");
        string path = _fixture.Concatenate("mixed.grib2", reduced, t2m, polar, t2m);

        using var file = GribFile.Open(path);
        IReadOnlyList<GriddedField> fields = file.ReadAllFields(out IReadOnlyList<GribSkippedMessage> skipped);

        Assert.Equal(2, fields.Count);
        Assert.All(fields, f => GribAssert.Values(GribFixture.T2mGrid, f, GribAssert.Tolerance([.. GribFixture.T2mValues])));
        Assert.Equal([0, 2], skipped.Select(s => s.Message.Index));
        Assert.Equal(["reduced_gg", "polar_stereographic"], skipped.Select(s => s.Message.GridType));
        Assert.All(skipped, s => Assert.Contains($"'{s.Message.GridType}'", s.Reason));
        Assert.Contains("t (isobaricInhPa", skipped[0].ToString());
    }

    [Fact]
    public void ReadField_AlternativeRowScanning_ThrowsUnsupportedGrid()
    {
        string t2m = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string path = _fixture.Set("boustrophedon.grib2", t2m, "alternativeRowScanning=1");

        using var file = GribFile.Open(path);

        var e = Assert.Throws<UnsupportedGridException>(() => file.ReadField(file.Messages[0]));
        Assert.Contains("alternativeRowScanning", e.Message);
    }

    [Fact]
    public void ReadField_ScanningFlagContradictsLatitudes_ThrowsUnsupportedGrid()
    {
        // jScansPositively=1 says rows go north, but the first row (50 °N) is north of the last (48 °N).
        string t2m = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        string path = _fixture.Set("contradiction.grib2", t2m, "jScansPositively=1");

        using var file = GribFile.Open(path);

        Assert.Null(file.Messages[0].Grid);
        var e = Assert.Throws<UnsupportedGridException>(() => file.ReadField(file.Messages[0]));
        Assert.Contains("jScansPositively", e.Message);
    }

    [Theory]
    [InlineData("regular_ll_sfc_grib2.tmpl")]
    [InlineData("regular_ll_sfc_grib1.tmpl")]
    public void Open_FileTruncatedMidMessage_ThrowsTransientGribExceptionNamingFile(string sample)
    {
        string whole = _fixture.T2m("whole.grib", sample);
        string path = _fixture.Head("truncated.grib", whole, (int)(new FileInfo(whole).Length / 2));

        var e = Assert.Throws<GribException>(() => GribFile.Open(path));

        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.NotNull(e.ErrorCode);
        Assert.NotEqual(0, e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.EcCodesMessage));
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Open_FileTruncatedInSecondMessage_ThrowsInsteadOfListingTheFirst()
    {
        string one = _fixture.T2m("one.grib2", "regular_ll_sfc_grib2.tmpl");
        string two = _fixture.Concatenate("two.grib2", one, one);
        string path = _fixture.Head("truncated.grib2", two, (int)new FileInfo(two).Length - 10);

        var e = Assert.Throws<GribException>(() => GribFile.Open(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("after field #0", e.Message);
    }

    [Fact]
    public void Open_TextFile_ThrowsGribExceptionNamingFile()
    {
        string path = _directory.File("notes.grib2");
        File.WriteAllText(path, "This is not a GRIB file.\nIt only mentions GRIB in passing.\n");

        var e = Assert.Throws<GribException>(() => GribFile.Open(path));

        Assert.Contains(path, e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void Open_EmptyFile_ThrowsTransientGribExceptionNamingFile()
    {
        string path = _directory.File("empty.grib2");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<GribException>(() => GribFile.Open(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("empty", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Open_MissingFile_ThrowsDataFileExceptionNamingFile()
    {
        string path = _directory.File("absent.grib2");

        var e = Assert.Throws<DataFileException>(() => GribFile.Open(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("No such file", e.Message);
    }

    [Fact]
    public void ReadField_AfterDispose_ThrowsObjectDisposedException()
    {
        string path = _fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl");
        var file = GribFile.Open(path);
        GribMessageInfo message = file.Messages[0];

        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadField(message));
    }

    [Fact]
    public void ReadField_MessageOfAnotherFile_ThrowsArgumentException()
    {
        using var grib1 = GribFile.Open(_fixture.T2m("t2m.grib1", "regular_ll_sfc_grib1.tmpl"));
        using var grib2 = GribFile.Open(_fixture.T2m("t2m.grib2", "regular_ll_sfc_grib2.tmpl"));

        var e = Assert.Throws<ArgumentException>(() => grib2.ReadField(grib1.Messages[0]));

        Assert.Contains(grib2.FilePath, e.Message);
    }
}
