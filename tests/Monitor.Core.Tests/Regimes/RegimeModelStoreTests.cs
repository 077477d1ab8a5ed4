using Monitor.Core.Formats;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Products;
using Monitor.Core.Regimes;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Regimes;

/// <summary>A fitted model survives a save/load round trip (JSON + CF netCDF) and places states identically.</summary>
public sealed class RegimeModelStoreTests : IClassFixture<RegimeArchiveFixture>, IDisposable
{
    private readonly RegimeArchiveFixture _archive;
    private readonly TemporaryDirectory _dir = new();

    public RegimeModelStoreTests(RegimeArchiveFixture archive)
    {
        _archive = archive;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveLoad_RoundTrip_PlacesStatesIdentically()
    {
        RegimeFit fit = RegimeFitter.Fit(_archive.Sample, new RegimeFitOptions { Eofs = 4, Regimes = 4, Seed = 3, Restarts = 2 });
        RegimeModelStore.Save(fit.Model, _dir.Path);
        RegimeModel loaded = RegimeModelStore.Load(_dir.Path);

        Assert.Equal(fit.Model.Info.RegimeNames, loaded.Info.RegimeNames);
        Assert.Equal(fit.Model.Info.Domain, loaded.Info.Domain);
        Assert.Equal(fit.Model.Grid, loaded.Grid);
        Assert.Equal(fit.Model.Info.Options.Persistence, loaded.Info.Options.Persistence);
        for (int s = 0; s < _archive.Sample.Times.Count; s += 997)
        {
            RegimeState a = fit.Model.Evaluate(_archive.Sample.Times[s], _archive.Sample.Fields[s]);
            RegimeState b = loaded.Evaluate(_archive.Sample.Times[s], _archive.Sample.Fields[s]);
            Assert.Equal(a.Indices, b.Indices);
            Assert.Equal(a.Pcs, b.Pcs);
            Assert.Equal(a.Cluster, b.Cluster);
            // Without low-pass the fitted history holds exactly these states.
            Assert.Equal(fit.History.Entries[s].Cluster, a.Cluster);
            for (int r = 0; r < 4; r++)
            {
                Assert.Equal(fit.History.Entries[s].Indices[r], a.Indices[r], 1e-9);
            }
        }

        // The netCDF file is CF: coordinates with units, patterns in the field's units.
        using NetCdfFile nc = NetCdfFile.Open(Path.Combine(_dir.Path, RegimeModelStore.NetCdfFileName));
        Assert.Equal("degrees_north", nc.Variable("latitude").TextAttribute("units"));
        Assert.Equal("m**2 s**-2", nc.Variable("regime_pattern").TextAttribute("units"));
        Assert.Equal([4L, 11L, 22L], nc.Variable("eof").Shape);
    }

    [Fact]
    public void Load_MissingOrBrokenFiles_AreNamed()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => RegimeModelStore.Load(_dir.Path));
        Assert.Contains(RegimeModelStore.JsonFile, missing.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_dir.Path, RegimeModelStore.JsonFile), "{ not json");
        File.WriteAllText(Path.Combine(_dir.Path, RegimeModelStore.NetCdfFileName), "");
        var broken = Assert.Throws<DataFileException>(() => RegimeModelStore.Load(_dir.Path));
        Assert.Contains(RegimeModelStore.JsonFile, broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_BadOptionsAndStates_AreNamed()
    {
        Assert.Contains("--k", Assert.Throws<ArgumentOutOfRangeException>(() =>
            RegimeFitter.Fit(_archive.Sample, new RegimeFitOptions { Regimes = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("--lowpass-days", Assert.Throws<ArgumentOutOfRangeException>(() =>
            RegimeFitter.Fit(_archive.Sample, new RegimeFitOptions { LowPassDays = -1 })).Message, StringComparison.Ordinal);
        float[][] fields = [.. _archive.Sample.Fields.Take(50).Select(f => (float[])f.Clone())];
        fields[7][3] = float.NaN;
        RegimeSample bad = _archive.Sample with { Times = [.. _archive.Sample.Times.Take(50)], Fields = fields };
        var ex = Assert.Throws<ArgumentException>(() => RegimeFitter.Fit(bad, new RegimeFitOptions { Harmonics = 0, Regimes = 2, Eofs = 2 }));
        Assert.Contains("2001-01-02T18", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cell 3", ex.Message, StringComparison.Ordinal);
    }
}
