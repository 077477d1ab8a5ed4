using Monitor.Core.Grids;
using Monitor.Core.Regimes;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Synthetic;

namespace Monitor.Core.Tests.Regimes;

/// <summary>
/// Six-hourly z500 analyses of the synthetic atmosphere on the global 5.625° grid over four years (seed 21, no
/// planted events), computed in memory with <see cref="ArchiveModel"/> and cut to the Euro-Atlantic domain, with the
/// planted regime of every state.
/// </summary>
public sealed class RegimeArchiveFixture
{
    public static readonly DateTime From = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime To = new(2004, 12, 31, 18, 0, 0, DateTimeKind.Utc);

    public RegimeArchiveFixture()
    {
        GridSpec grid = SyntheticGrids.Global5625;
        Geography geography = GeographyBuilder.Build(grid);
        var model = ArchiveModel.For(grid, geography.Fields, From, To, 0, seed: 21, withEvents: false);
        RegimeSelection selection = RegimeDomain.EuroAtlantic.Select(grid);
        int states = (int)((To - From).TotalHours / 6) + 1;
        var times = new DateTime[states];
        var fields = new float[states][];
        Truth = new Regime[states];
        Parallel.For(0, states, s =>
        {
            times[s] = From.AddHours(6 * s);
            fields[s] = selection.Extract(model.Analysis(times[s])[ModelOutput.Z500]);
            Truth[s] = model.Chain.LabelAt(times[s]);
        });
        Sample = new RegimeSample("z500", "m**2 s**-2", RegimeDomain.EuroAtlantic, grid, selection.Grid, times, fields);
    }

    public RegimeSample Sample { get; }

    internal Regime[] Truth { get; }
}
