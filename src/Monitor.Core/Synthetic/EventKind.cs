namespace Monitor.Core.Synthetic;

/// <summary>Kinds of planted extreme events.</summary>
public enum EventKind
{
    /// <summary>Heat wave under persistent blocking in the warm season (t2m).</summary>
    HeatWave,

    /// <summary>Wind storm: a deep, fast-moving low (si10 from u10, v10; msl).</summary>
    WindStorm,

    /// <summary>Heavy precipitation under cloud and low-level convergence (tp).</summary>
    HeavyPrecipitation,

    /// <summary>Winter warm spell driven by warm advection, not by the sun (t2m): unusual for place and season.</summary>
    AdvectiveWarmSpell,
}
