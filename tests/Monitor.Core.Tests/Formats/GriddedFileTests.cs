using Monitor.Core.Formats;
using Monitor.Core.Tests.Formats.NetCdf;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats;

public sealed class GriddedFileTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(CdlFixture.Classic, DataFileFormat.NetCdf3)]
    [InlineData(CdlFixture.Offset64, DataFileFormat.NetCdf3)]
    [InlineData(CdlFixture.Netcdf4, DataFileFormat.NetCdf4)]
    public void Detect_NcgenFiles_RecognisesNetCdf(string kind, DataFileFormat expected)
    {
        string path = CdlFixture.Write(_dir, "packed", CdlFixture.PackedT2m, kind);

        Assert.Equal(expected, GriddedFile.Detect(path));
        using GriddedFile file = GriddedFile.Open(path);
        Assert.Equal(expected, file.Format);
        Assert.Equal(2, file.Fields.Count);
        Assert.Equal(new DateTime(2026, 7, 4, 6, 0, 0, DateTimeKind.Utc), file.Fields[1].ValidTime);
    }

    [Fact]
    public void Detect_GribSample_RecognisesGrib()
    {
        Assert.Equal(DataFileFormat.Grib, GriddedFile.Detect("/usr/share/eccodes/samples/regular_ll_sfc_grib2.tmpl"));
    }

    [Fact]
    public void Detect_EmptyOrTextFile_IsUnknown()
    {
        File.WriteAllText(_dir.File("empty.nc"), "");
        File.WriteAllText(_dir.File("text.grib"), "GRI");

        Assert.Equal(DataFileFormat.Unknown, GriddedFile.Detect(_dir.File("empty.nc")));
        Assert.Equal(DataFileFormat.Unknown, GriddedFile.Detect(_dir.File("text.grib")));
        Assert.Throws<DataFileException>(() => GriddedFile.Detect(_dir.File("absent.nc")));
    }
}
