using System.Diagnostics;

namespace Monitor.Service.Tests.Cli;

/// <summary>
/// <c>train</c> and <c>evaluate</c> on a manifest archive with missing data written by python3-netCDF4 (an independent
/// writer): a corner of t2m always missing, t2m entirely missing at 2025-01-01 12 UTC (training) and 2025-01-03 06 UTC
/// (validation and evaluation).
/// </summary>
public sealed class TrainCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TrainAndEvaluate_ListTheSamplesSkippedForMissingData()
    {
        string manifest = await WriteArchiveAsync();
        string model = _dir.File("model");

        CliRun train = await CliRun.InvokeAsync(Time, "train", "--archive", manifest, "--arch", "linear", "--target", "t2m", "--inputs", "tcc,u10",
            "--train-period", "2025-01-01..2025-01-02", "--valid-period", "2025-01-03..2025-01-03", "--epochs", "1", "--out", model);
        CliRun evaluate = await CliRun.InvokeAsync(Time, "evaluate", "--model", model, "--archive", manifest, "--period", "2025-01-03..2025-01-03");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("2 sample(s) skipped for missing data; first: 2025-01-01 12:00 UTC +0 h: ", train.Output, StringComparison.Ordinal);
        Assert.Contains("; 2025-01-03 06:00 UTC +0 h: ", train.Output, StringComparison.Ordinal);
        Assert.True(train.Output.IndexOf("skipped", StringComparison.Ordinal) < train.Output.IndexOf("epoch 1:", StringComparison.Ordinal),
            "the skipped samples are listed before the first epoch");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("baselines (training period): 1 sample(s) skipped for missing data; first: 2025-01-01 12:00 UTC +0 h", evaluate.Output, StringComparison.Ordinal);
        Assert.Contains("1 cycle(s) skipped for missing data; first: 2025-01-03 06:00 UTC (every lead)", evaluate.Output, StringComparison.Ordinal);
        // Three evaluated steps, the corner missing in each.
        Assert.Contains("3 of 384 model cell values not scored", evaluate.Output, StringComparison.Ordinal);
    }

    private async Task<string> WriteArchiveAsync()
    {
        const string script = """
            import sys, numpy as np, netCDF4
            root = sys.argv[1]
            rng = np.random.default_rng(5)
            n = 12
            tcc = rng.integers(0, 17, (n, 8, 16)) / 16.0
            u10 = (rng.integers(0, 41, (n, 8, 16)) - 20) / 2.0
            t2m = np.ma.masked_array(280 + 2 * tcc * (1 + np.arange(8)[None, :, None]) - 0.5 * u10, mask=np.zeros((n, 8, 16), bool))
            t2m.mask[:, 0, 0] = True
            t2m.mask[2] = True
            t2m.mask[9] = True
            for name, data, units in (('t2m', t2m, 'K'), ('tcc', tcc, '(0 - 1)'), ('u10', u10, 'm s**-1')):
                ds = netCDF4.Dataset(f'{root}/{name}.nc', 'w', format='NETCDF4')
                ds.createDimension('time', None); ds.createDimension('latitude', 8); ds.createDimension('longitude', 16)
                v = ds.createVariable('time', 'f8', ('time',)); v.units = 'hours since 2025-01-01 00:00:00'; v[:] = np.arange(n) * 6.0
                v = ds.createVariable('latitude', 'f4', ('latitude',)); v.units = 'degrees_north'; v[:] = 60 - 2 * np.arange(8)
                v = ds.createVariable('longitude', 'f4', ('longitude',)); v.units = 'degrees_east'; v[:] = 2 * np.arange(16)
                v = ds.createVariable(name, 'f4', ('time', 'latitude', 'longitude'), fill_value=-9999.0); v.units = units; v[:] = data
                ds.close()
            """;
        using (var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script, _dir.Path]) { RedirectStandardError = true })!)
        {
            string error = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            Assert.True(python.ExitCode == 0, $"python3-netCDF4 could not write the archive: {error}");
        }

        File.WriteAllText(_dir.File("manifest.json"), """{ "files": ["*.nc"] }""");
        return _dir.File("manifest.json");
    }
}
