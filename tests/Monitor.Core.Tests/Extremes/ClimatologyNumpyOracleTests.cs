using System.Globalization;
using System.Text;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Extremes;

/// <summary>
/// The climatology file against numpy: python3-netCDF4 reads our CF file (an independent reader) and numpy.percentile
/// (default "linear"), mean and std recompute every statistic of every hour and window from the same samples.
/// </summary>
public sealed class ClimatologyNumpyOracleTests : IDisposable
{
    private const string Script = """
        import sys, numpy as np, netCDF4
        data = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
        hour, doy, x = data[:, 0].astype(int), data[:, 1].astype(int), data[:, 2:].astype(np.float32).astype(np.float64)
        worst = 0.0
        with netCDF4.Dataset(sys.argv[2]) as nc:
            hours, centres, window = list(nc["hour"][:]), list(nc["dayofyear"][:]), int(nc.window_days)
            assert nc.Conventions == "CF-1.8" and nc["t2m_p99"].units == "K", "CF attributes"
            for h, hv in enumerate(hours):
                for w, c in enumerate(centres):
                    d = np.abs(doy - c) % 365
                    m = (hour == hv) & (np.minimum(d, 365 - d) <= window)
                    assert int(nc["count"][h, w]) == int(m.sum()), "count"
                    if m.sum() == 0:
                        continue
                    expected = list(np.percentile(x[m], [1, 5, 10, 90, 95, 99], axis=0)) + [x[m].mean(axis=0), x[m].std(axis=0)]
                    for name, e in zip(["p01", "p05", "p10", "p90", "p95", "p99", "mean", "std"], expected):
                        ours = np.asarray(nc["t2m_" + name][h, w, :, :], dtype=np.float64).ravel()
                        worst = max(worst, float(np.max(np.abs(ours - e) / np.maximum(1.0, np.abs(e)))))
        print(worst)
        """;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EveryStatisticOfEveryWindow_EqualsNumpy_ReadBackWithNetCdf4Python()
    {
        var grid = new GridSpec(45, 1.5, 2, -10, 1.5, 3);
        var random = new Random(11);
        var start = new DateTime(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        ClimateSample[] samples = [.. Enumerable.Range(0, 4 * 430).Select(i => new ClimateSample(new CycleId(start.AddHours(6 * i)), 0))];
        float[][] t2m = [.. samples.Select(s => Enumerable.Range(0, grid.CellCount)
            .Select(c => (float)(275 + (8 * Math.Cos(2 * Math.PI * s.ValidTime.DayOfYear / 365.0)) + (4 * random.NextDouble()) + c)).ToArray())];
        var source = new ArrayClimateSource(grid, samples, new Dictionary<VariableId, IReadOnlyList<float[]>> { [new("t2m")] = t2m });
        ClimatologyBuilder.Build(source, new ClimatologyOptions { Variables = [new("t2m")], DayStep = 3, WindowDays = 10 }, new ClimatologyFiles(_directory.Path));

        var csv = new StringBuilder();
        for (int i = 0; i < samples.Length; i++)
        {
            DateTime t = samples[i].ValidTime;
            csv.Append(t.Hour.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(new DateTime(2023, t.Month, t.Month == 2 && t.Day == 29 ? 28 : t.Day).DayOfYear.ToString(CultureInfo.InvariantCulture));
            foreach (float x in t2m[i])
            {
                csv.Append(',').Append(x.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.AppendLine();
        }

        File.WriteAllText(_directory.File("samples.csv"), csv.ToString());
        string output = ExternalTool.Run("/usr/bin/python3", ["-c", Script, _directory.File("samples.csv"), _directory.File("climatology_t2m.nc")]);

        double worst = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        Assert.True(worst < 1e-6, $"largest relative difference to numpy {worst}");
    }
}
