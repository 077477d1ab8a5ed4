using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Inspection;
using Monitor.Core.Tests.Formats.NetCdf;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Inspection;

/// <summary>Inspection of files as users have them, written by ncgen (an independent writer).</summary>
public sealed class DataInspectorTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AVariableItCannotPlace_IsAProblemOfItsOwn_AndTheRestOfTheFileIsSummarised()
    {
        // A real archive's layout: the time dimension is called "timestep" and its hours carry no units.
        const string cdl = """
            netcdf timestep {
            dimensions:
              timestep = 3 ; lat = 2 ; lon = 3 ;
            variables:
              double timestep(timestep) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float u(timestep, lat, lon) ;
              float orography(lat, lon) ;
                orography:units = "m" ;
            data:
              timestep = 0, 6, 12 ; lat = 50, 49 ; lon = 0, 1, 2 ;
              u = 1, 2, 3, 4, 5, 6,  1, 2, 3, 4, 5, 6,  1, 2, 3, 4, 5, 6 ;
              orography = 100, 200, 300, 400, 500, 600 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "timestep", cdl, CdlFixture.Classic);

        FileSummary file = Assert.Single(DataInspector.Inspect(path));

        FieldSummary u = Assert.Single(file.Fields, f => f.NameInFile == "u");
        Assert.NotNull(u.Problem);
        Assert.Contains("cannot place 'timestep'", u.Problem, StringComparison.Ordinal);
        FieldSummary orography = Assert.Single(file.Fields, f => f.NameInFile == "orography");
        Assert.Null(orography.Problem);
        Assert.Equal(350, orography.Mean, 6);
    }

    [Fact]
    public void ATimeCoordinateWithoutUnits_IsAProblem_UntilATimeOriginIsGiven()
    {
        const string cdl = """
            netcdf nounits {
            dimensions:
              time = 2 ; lat = 2 ; lon = 2 ;
            variables:
              double time(time) ;
              float lat(lat) ;
                lat:units = "degrees_north" ;
              float lon(lon) ;
                lon:units = "degrees_east" ;
              float t2m(time, lat, lon) ;
                t2m:units = "K" ;
            data:
              time = 0, 6 ; lat = 50, 49 ; lon = 0, 1 ;
              t2m = 280, 281, 282, 283, 284, 285, 286, 287 ;
            }
            """;
        string path = CdlFixture.Write(_dir, "nounits", cdl, CdlFixture.Netcdf4);

        FieldSummary without = Assert.Single(Assert.Single(DataInspector.Inspect(path)).Fields);
        IReadOnlyList<FieldSummary> with = Assert.Single(DataInspector.Inspect(path,
            NetCdfReadOptions.Default with { TimeUnitsFallback = "hours since 2026-01-01 00:00" })).Fields;

        Assert.Contains("--time-units", without.Problem, StringComparison.Ordinal);
        Assert.Equal([new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 6, 0, 0, DateTimeKind.Utc)],
            with.Select(f => f.ValidTime!.Value));
        Assert.All(with, f => Assert.Null(f.Problem));
        Assert.Equal(285.5, with[1].Mean, 6);
    }
}
