using System.Globalization;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Formats.NetCdf;

public sealed class NetCdfCycleWriterTests : IDisposable
{
    private static readonly CycleId Cycle = CycleId.Parse("2026112512");
    private static readonly VariableId[] Variables = [new("t2m"), new("u10"), new("z", 500), new("z", 850)];
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_ThenRead_ReturnsEveryValueAndNaN()
    {
        CycleData data = SampleCycles.Create(Cycle, [0, 6, 12], Variables, withStatics: true);
        string path = _dir.File("cycle.nc");

        NetCdfCycleWriter.Write(data, path);
        using NetCdfDataset dataset = NetCdfDataset.Open(path);

        Assert.Equal(NetCdfFormat.Netcdf4, dataset.File.Format);
        for (int l = 0; l < 3; l++)
        {
            for (int v = 0; v < Variables.Length; v++)
            {
                GriddedField field = dataset.ReadField(dataset.Find(Variables[v]), l, Variables[v].PressureLevelHpa);
                Assert.Equal(Variables[v], field.Variable);
                Assert.Equal(Cycle.ValidTime(data.LeadHours[l]), field.ValidTime);
                Assert.True(SampleCycles.Grid.Matches(field.Grid));
                Assert.Equal(data.Field(l, v).ToArray(), field.Values);
            }
        }

        Assert.Equal(data.Statics!.OrographyM, dataset.ReadField(dataset.Find("orography")).Values);
    }

    [Fact]
    public void Write_IsReadableByNcdumpWithCfAttributes()
    {
        CycleData data = SampleCycles.Create(Cycle, [0, 6], Variables);
        string path = _dir.File("cycle.nc");
        NetCdfCycleWriter.Write(data, path);

        string header = ExternalTool.Run("ncdump", ["-h", "-s", path]);
        string t2m = ExternalTool.Run("ncdump", ["-v", "t2m", "-p", "9", path]);

        Assert.Contains("t2m:standard_name = \"air_temperature\"", header, StringComparison.Ordinal);
        Assert.Contains("time:units = \"hours since 2026-11-25 12:00:00\"", header, StringComparison.Ordinal);
        Assert.Contains(":Conventions = \"CF-1.8\"", header, StringComparison.Ordinal);
        Assert.Contains("t2m:_DeflateLevel = 4", header, StringComparison.Ordinal);
        Assert.Contains("pressure_level = 500, 850", ExternalTool.Run("ncdump", ["-v", "pressure_level", path]), StringComparison.Ordinal);
        // The first row of t2m at lead 6 (second time): Value(6, 0, 0, c) = 60 + 0.1c; NaN written as fill shows as "_".
        string data6 = t2m[t2m.IndexOf("t2m =", StringComparison.Ordinal)..];
        string[] numbers = data6.Split([' ', ',', '\n', ';', '='], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        int cells = SampleCycles.Grid.CellCount;
        Assert.Equal("_", numbers[6]);
        Assert.Equal(60.1, double.Parse(numbers[cells + 1], CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public void Write_IsReadableByPythonNetcdf4()
    {
        CycleData data = SampleCycles.Create(Cycle, [0, 6], Variables);
        string path = _dir.File("cycle.nc");
        NetCdfCycleWriter.Write(data, path);

        const string script = """
            import sys, netCDF4, numpy
            ds = netCDF4.Dataset(sys.argv[1])
            z = ds.variables['z'][1, 0, :, :]
            t = netCDF4.num2date(ds.variables['time'][:], ds.variables['time'].units)
            print(float(z[0, 2]), int(numpy.ma.count_masked(z)), t[1].strftime('%Y%m%d%H'))
            """;
        string output = ExternalTool.Run("/usr/bin/python3", ["-c", script, path]).Trim();

        // z500 is variable index 2 in the block: Value(6, 2, 0, 2) = 2060.2; one masked cell; valid time 18 UTC.
        string[] parts = output.Split(' ');
        Assert.Equal(2060.2, double.Parse(parts[0], CultureInfo.InvariantCulture), 3);
        Assert.Equal("1", parts[1]);
        Assert.Equal("2026112518", parts[2]);
    }
}
