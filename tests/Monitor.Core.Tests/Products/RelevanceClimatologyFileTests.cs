using Monitor.Core.Formats;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring;
using Monitor.Core.Numerics;
using Monitor.Core.Products;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Products;

public sealed class RelevanceClimatologyFileTests
{
    /// <summary>Saved and loaded, every slot's count, weight, mean and co-moments, the watch regions and the cycles come back exactly.</summary>
    [Fact]
    public void SaveAndLoad_GiveBackEverySlotExactly()
    {
        using var directory = new TemporaryDirectory();
        RelevanceClimatology climatology = SampleClimatology();
        RelevanceClimatologyInfo info = climatology.Info;
        GridSpec grid = info.Locations.Grid;
        string path = directory.File(RelevanceClimatologyFile.FileName("t2m-unet"));
        RelevanceClimatologyFile.Save(climatology, path);
        RelevanceClimatology loaded = RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions());

        Assert.Equal(info.Model, loaded.Info.Model);
        Assert.Equal(info.Inputs, loaded.Info.Inputs);
        Assert.Equal(info.LeadSlots, loaded.Info.LeadSlots);
        Assert.Equal(info.Hours, loaded.Info.Hours);
        Assert.Equal(["alps", "po_valley"], loaded.Info.Locations.Watches.Select(w => w.Name));
        Assert.Equal(info.Locations.Watches[1], loaded.Info.Locations.Watches[1]);
        Assert.Equal(climatology.Cycles, loaded.Cycles);
        int filled = 0;
        for (int s = 0; s < info.SlotCount; s++)
        {
            WeightedMoments? a = climatology.Moments(s), b = loaded.Moments(s);
            Assert.Equal(a is null, b is null);
            if (a is not null)
            {
                filled++;
                Assert.Equal(a.Count, b!.Count);
                Assert.Equal(a.Weight, b.Weight);
                Assert.Equal(a.Mean.ToArray(), b.Mean.ToArray());
                Assert.Equal(a.Comoment.ToArray(), b.Comoment.ToArray());
            }
        }

        Assert.True(filled > 20, $"only {filled} slots were filled");
        int departureSlots = 0;
        for (int s = 0; s < climatology.Departures.SlotCount; s++)
        {
            var a = climatology.Departures.Slot(s);
            var b = loaded.Departures.Slot(s);
            Assert.Equal(a is null, b is null);
            if (a is var (counts, means, squares))
            {
                departureSlots++;
                Assert.Equal(counts, b!.Value.Counts);
                Assert.Equal(means, b.Value.Means);
                Assert.Equal(squares, b.Value.Squares);
            }
        }

        Assert.Equal(4, departureSlots);   // leads 0 and 24 × valid hours 0 and 12, one season
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Load_OfAnotherNetCdfFile_NamesTheFile()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("other.nc");
        using (var file = Monitor.Core.Formats.NetCdf.NetCdfFile.CreateNetcdf4(path))
        {
            file.PutAttribute(null, "title", "something else");
        }

        var error = Assert.Throws<DataFileException>(() => RelevanceClimatologyFile.Load(path, new RelevanceClimatologyOptions()));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Throws<DataFileException>(() => RelevanceClimatologyFile.Load(directory.File("absent.nc"), new RelevanceClimatologyOptions()));
    }

    /// <summary>
    /// A file written before the unexplained departures were kept (the same file without the departure_* variables,
    /// copied by netCDF4-python) loads with its relevance moments and no departures.
    /// </summary>
    [Fact]
    public void Load_OfAFileWithoutDepartures_GivesTheMomentsAndNoDepartures()
    {
        using var directory = new TemporaryDirectory();
        RelevanceClimatology climatology = SampleClimatology();
        string path = directory.File("current.nc"), legacy = directory.File("legacy.nc");
        RelevanceClimatologyFile.Save(climatology, path);
        CopyWithPython(path, legacy, "skip");

        RelevanceClimatology loaded = RelevanceClimatologyFile.Load(legacy, new RelevanceClimatologyOptions());

        Assert.Equal(climatology.Cycles, loaded.Cycles);
        for (int s = 0; s < climatology.Info.SlotCount; s++)
        {
            Assert.Equal(climatology.Moments(s)?.Mean.ToArray(), loaded.Moments(s)?.Mean.ToArray());
        }

        Assert.Contains(Enumerable.Range(0, climatology.Departures.SlotCount), s => climatology.Departures.Has(s));
        Assert.DoesNotContain(Enumerable.Range(0, loaded.Departures.SlotCount), s => loaded.Departures.Has(s));
    }

    /// <summary>Departure arrays on a grid other than the file's (one latitude row short) are refused, naming the file and departure_count.</summary>
    [Fact]
    public void Load_OfDeparturesOnAnotherGrid_NamesTheFileAndVariable()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("current.nc"), wrong = directory.File("wrong.nc");
        RelevanceClimatologyFile.Save(SampleClimatology(), path);
        CopyWithPython(path, wrong, "short");

        var error = Assert.Throws<DataFileException>(() => RelevanceClimatologyFile.Load(wrong, new RelevanceClimatologyOptions()));

        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains("departure_count", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Copies a netCDF file with netCDF4-python, every dimension, attribute and variable except departure_*: left out
    /// ("skip") or written over the latitude dimension less one row ("short").
    /// </summary>
    private static void CopyWithPython(string source, string destination, string departures)
    {
        const string script = """
            import sys, netCDF4
            src, dst, mode = netCDF4.Dataset(sys.argv[1]), netCDF4.Dataset(sys.argv[2], 'w'), sys.argv[3]
            dst.setncatts({k: src.getncattr(k) for k in src.ncattrs()})
            for name, dim in src.dimensions.items():
                dst.createDimension(name, len(dim))
            dst.createDimension('latitude_short', len(src.dimensions['latitude']) - 1)
            for name, var in src.variables.items():
                short = name.startswith('departure_')
                if short and mode == 'skip':
                    continue
                dims = tuple('latitude_short' if short and d == 'latitude' else d for d in var.dimensions)
                out = dst.createVariable(name, var.dtype, dims)
                out.setncatts({k: var.getncattr(k) for k in var.ncattrs() if k != '_FillValue'})
                out[...] = var[...][:, :, :, 1:, :] if short else var[...]
            dst.close()
            """;
        ExternalTool.Run(PythonInterop.Python, ["-c", script, source, destination, departures]);
    }

    private static RelevanceClimatology SampleClimatology()
    {
        var grid = new GridSpec(87.1875, 5.625, 32, 0, 5.625, 64);
        var info = new RelevanceClimatologyInfo("t2m-unet", "t2m", ["tisr", "u10"],
            new RelevanceLocations(grid, 8, [new WatchRegion("alps", 44, 48, 5, 15), new WatchRegion("po_valley", 44, 46, 7, 13)]),
            [0, 24], [0, 12], "climatology", "lrp zero");
        var climatology = new RelevanceClimatology(info, new RelevanceClimatologyOptions());
        var random = new SplitMix64(1);
        var time = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 300; i++)
        {
            int location = (int)(random.NextUInt64() % (ulong)info.Locations.Count);
            DateTime valid = time.AddHours(12 * (i % 400));
            double[] x = [.. Enumerable.Range(0, 7).Select(_ => random.NextGaussian())];
            Assert.True(climatology.Add(location, i % 2 == 0 ? 0 : 24, valid, x));
        }

        for (int i = 0; i < 5; i++)
        {
            float[] departure = [.. Enumerable.Range(0, grid.CellCount).Select(c => c % 7 == 0 ? float.NaN : (float)random.NextGaussian())];
            Assert.True(climatology.AddDeparture(i % 2 == 0 ? 0 : 24, time.AddHours(12 * (i / 2)), departure));
        }

        climatology.MarkIncluded(CycleId.Parse("2025010100"));
        climatology.MarkIncluded(CycleId.Parse("2025010112"));
        return climatology;
    }
}
