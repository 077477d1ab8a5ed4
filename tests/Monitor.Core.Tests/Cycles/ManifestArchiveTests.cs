using Monitor.Core.Cycles;
using Monitor.Core.Extremes.Climatology;
using Monitor.Core.Grids;
using Monitor.Core.Tests.Support;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Evaluation;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Tests.Cycles;

/// <summary>
/// A reanalysis-style archive written by python3-netCDF4 (an independent writer): one file per variable per year,
/// ERA5-like names, cloud cover in percent without a units attribute under a name the catalogue does not know (mapped
/// and converted by the manifest), one file without time units (origin from the manifest), static fields in their own files.
/// </summary>
public sealed class ManifestArchiveTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public ManifestArchiveTests()
    {
        const string script = """
            import sys, datetime, numpy as np, netCDF4
            root = sys.argv[1]
            lat = np.array([50.0, 45.0, 40.0]); lon = np.array([0.0, 5.0, 10.0, 15.0])
            rng = np.random.default_rng(3)
            def grid(ds):
                ds.createDimension('latitude', 3); ds.createDimension('longitude', 4)
                v = ds.createVariable('latitude', 'f8', ('latitude',)); v.units = 'degrees_north'; v[:] = lat
                v = ds.createVariable('longitude', 'f8', ('longitude',)); v.units = 'degrees_east'; v[:] = lon
            for year in (2024, 2025):
                hours = np.arange(0, 24 * 20, 6.0) + (netCDF4.date2num(datetime.datetime(year, 1, 1), 'hours since 1900-01-01'))
                n = len(hours)
                cloud = rng.uniform(0, 100, (n, 3, 4)); u = rng.uniform(-10, 10, (n, 3, 4))
                t = 280 + 0.1 * cloud - 0.5 * u
                for name, data, units, with_units in (('t2m', t, 'K', True), ('cloud_pct', cloud, '', True), ('u10', u, 'm s**-1', False)):
                    ds = netCDF4.Dataset(f'{root}/{name}_{year}.nc', 'w', format='NETCDF4')
                    grid(ds); ds.createDimension('time', None)
                    tv = ds.createVariable('time', 'f8', ('time',))
                    if with_units:
                        tv.units = 'hours since 1900-01-01'
                    tv[:] = hours
                    v = ds.createVariable(name, 'f4', ('time', 'latitude', 'longitude'), zlib=True)
                    if units:
                        v.units = units
                    v[:] = data
                    ds.close()
                # Geopotential on two pressure levels, and a level-less 'u' that must never answer for a level.
                ds = netCDF4.Dataset(f'{root}/z_{year}.nc', 'w', format='NETCDF4')
                grid(ds); ds.createDimension('time', None); ds.createDimension('level', 2)
                tv = ds.createVariable('time', 'f8', ('time',)); tv.units = 'hours since 1900-01-01'; tv[:] = hours
                lv = ds.createVariable('level', 'i4', ('level',)); lv.units = 'hPa'; lv[:] = [500, 850]
                zv = ds.createVariable('z', 'f4', ('time', 'level', 'latitude', 'longitude')); zv.units = 'm**2 s**-2'
                zv[:] = np.stack([np.full((n, 3, 4), 55000.0), np.full((n, 3, 4), 14000.0)], axis=1) + np.arange(n)[:, None, None, None]
                ds.close()
                ds = netCDF4.Dataset(f'{root}/u_{year}.nc', 'w', format='NETCDF4')
                grid(ds); ds.createDimension('time', None)
                tv = ds.createVariable('time', 'f8', ('time',)); tv.units = 'hours since 1900-01-01'; tv[:] = hours
                uv = ds.createVariable('u', 'f4', ('time', 'latitude', 'longitude')); uv.units = 'm s**-1'; uv[:] = u
                ds.close()
            for name, data in (('orog', np.full((3, 4), 250.0)), ('lsm', np.ones((3, 4)))):
                ds = netCDF4.Dataset(f'{root}/{name}.nc', 'w'); grid(ds)
                v = ds.createVariable(name, 'f4', ('latitude', 'longitude')); v.units = 'm' if name == 'orog' else '(0 - 1)'; v[:] = data; ds.close()
            """;
        ExternalTool.Run("/usr/bin/python3", ["-c", script, _dir.Path]);
        File.WriteAllText(_dir.File("manifest.json"), """
            {
              // ERA5-style downloads: one file per variable per year
              "files": ["*_2024.nc", "*_2025.nc"],
              "aliases": { "cloud_pct": "tcc" },
              "conversions": { "tcc": { "scale": 0.01, "offset": 0 } },
              "timeUnits": "hours since 1900-01-01",
              "statics": { "orography": "orog.nc", "lsm": "lsm.nc" }
            }
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_IndexesTimesAppliesAliasConversionAndTimeOrigin()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));

        IReadOnlyList<CycleId> cycles = archive.CyclesIn(TimePeriod.Parse("2024-01-01..2025-12-31"));
        CycleData data = archive.Read(cycles[1], [new("t2m"), new("tcc"), new("u10")]);

        Assert.Equal(160, cycles.Count);   // 2 years × 80 six-hourly steps
        Assert.Equal(new DateTime(2024, 1, 1, 6, 0, 0, DateTimeKind.Utc), cycles[1].InitTime);
        Assert.Equal(["t2m", "tcc", "u", "u10", "z500", "z850"], archive.VariableNames.Order(StringComparer.Ordinal));
        for (int cell = 0; cell < 12; cell++)
        {
            // t2m = 280 + 0.1·cloud(%) − 0.5·u = 280 + 10·tcc − 0.5·u10
            Assert.Equal(280 + (10 * data.Field(0, 1)[cell]) - (0.5 * data.Field(0, 2)[cell]), data.Field(0, 0)[cell], 3);
            Assert.InRange(data.Field(0, 1)[cell], 0, 1);
        }

        Assert.Equal(250f, data.Statics!.OrographyM[5]);

        // Optional variables join where the archive has them (u10) and are left out where it has not (msl).
        CycleData optional = archive.Read(cycles[1], [new("t2m")], [new("u10"), new("msl")]);
        Assert.Equal(["t2m", "u10"], optional.Variables.Select(v => v.ToString()));
        Assert.Equal(data.Field(0, 2).ToArray(), optional.Field(0, 1).ToArray());
    }

    [Fact]
    public void Levels_AreReadFromLevelFiles_AndALevelLessFileNeverAnswersForALevel()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));
        CycleId third = archive.CyclesIn(TimePeriod.Parse("2024-01-01..2024-12-31"))[2];

        CycleData levels = archive.Read(third, [new("z", 500), new("z", 850)]);

        Assert.All(levels.Field(0, 0).ToArray(), v => Assert.Equal(55002f, v));
        Assert.All(levels.Field(0, 1).ToArray(), v => Assert.Equal(14002f, v));
        var error = Assert.Throws<Monitor.Core.Formats.DataFileException>(() => archive.Read(third, [new("u", 850)]));
        Assert.Contains("'u850' asks for the 850 hPa level", error.Message, StringComparison.Ordinal);
        Assert.Contains("u_2024.nc", error.Message, StringComparison.Ordinal);
        Assert.False(archive.Has(third, new("u", 850), 0));
        Assert.Throws<CycleDataException>(() => archive.Read(third, [new("z")])); // z only on levels: no level-less z anywhere
    }

    [Fact]
    public void ClimateSource_OnTheManifestArchive_ReadsTheSameConvertedFieldsAsWholeCycles()
    {
        using var archive = new ManifestArchive(_dir.File("manifest.json"));
        var source = new ArchiveClimateSource(archive, [0]);
        ClimateSample sample = source.Samples[7];
        int columns = archive.Grid.LongitudeCount;
        var rows = new float[2 * 1 * columns];

        source.Read(sample, [new("tcc"), new("t2m")], 1, 1, rows);

        CycleData whole = archive.Read(sample.Cycle, [new("tcc"), new("t2m")]);
        Assert.Equal(160, source.Samples.Count);
        Assert.Equal(whole.Field(0, 0).Slice(columns, columns).ToArray(), rows[..columns]);
        Assert.Equal(whole.Field(0, 1).Slice(columns, columns).ToArray(), rows[columns..]);
        Assert.Throws<KeyNotFoundException>(() => archive.ReadField(sample.Cycle, new("t2m"), 6, new float[archive.Grid.CellCount]));
        Assert.False(archive.Has(sample.Cycle, new("t2m"), 6));
        Assert.True(archive.Has(sample.Cycle, new("tcc"), 0));
    }

    [Fact]
    public void TrainAndEvaluate_OnTheManifestArchive_RecoversTheLinearRelation()
    {
        string model = _dir.File("model");
        Trainer.Train(new TrainingOptions
        {
            Archive = _dir.File("manifest.json"),
            Target = "t2m",
            Inputs = ["tcc", "u10", "orography"],
            Architecture = Architecture.Linear,
            TrainPeriod = TimePeriod.Parse("2024-01-01..2024-12-31"),
            ValidPeriod = TimePeriod.Parse("2025-01-01..2025-12-31"),
            MaxEpochs = 2,
            OutputDirectory = model,
        });
        using var archive = new ManifestArchive(_dir.File("manifest.json"));
        using TransferModel loaded = TransferModel.Load(model);
        using EvaluationBaselines baselines = EvaluationBaselines.Fit(loaded.Spec, archive);

        EvaluationReport report = Evaluator.Evaluate(loaded, archive, TimePeriod.Parse("2025-01-01..2025-12-31"), baselines);

        Assert.Equal(80, report.Cycles);
        Assert.True(report.Overall[Evaluator.LinearKey].R2 > 0.9999, $"exact linear fit R² {report.Overall[Evaluator.LinearKey].R2}");
    }

    [Fact]
    public void Open_ManifestMatchingNoFile_NamesTheGlobs()
    {
        File.WriteAllText(_dir.File("empty.json"), """{ "files": ["era5/*.nc"] }""");

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ManifestArchive(_dir.File("empty.json")));

        Assert.Contains("era5/*.nc", error.Message, StringComparison.Ordinal);
    }
}
