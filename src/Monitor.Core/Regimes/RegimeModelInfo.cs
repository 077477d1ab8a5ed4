using Monitor.Core.Grids;

namespace Monitor.Core.Regimes;

/// <summary>What a regime model was fitted on and how (stored in <c>model.json</c>).</summary>
/// <param name="Variable">The variable, e.g. <c>z500</c>.</param>
/// <param name="Units">Units of the fields, climatology and patterns (e.g. m**2 s**-2).</param>
/// <param name="Domain">The domain box.</param>
/// <param name="SourceGrid">The archive's grid the domain was cut from.</param>
/// <param name="Options">The fit options.</param>
/// <param name="FitFrom">First state's valid time (UTC).</param>
/// <param name="FitTo">Last state's valid time (UTC).</param>
/// <param name="States">Number of states fitted.</param>
/// <param name="RegimeIds">Regime ids R1 … Rk, ordered by decreasing cluster size.</param>
/// <param name="RegimeNames">Regime names from <see cref="RegimeNaming"/> (or the id).</param>
public sealed record RegimeModelInfo(string Variable, string Units, RegimeDomain Domain, GridSpec SourceGrid,
    RegimeFitOptions Options, DateTime FitFrom, DateTime FitTo, int States, IReadOnlyList<string> RegimeIds,
    IReadOnlyList<string> RegimeNames)
{
    /// <summary>The persistence rule of the model.</summary>
    public RegimePersistence Persistence => Options.Persistence;
}
