namespace Monitor.Core.Synthetic;

/// <summary>
/// The planted Euro-Atlantic weather regimes (after the year-round set of Grams et al., Nature Climate Change 2017,
/// reduced to four patterns).
/// </summary>
public enum Regime
{
    /// <summary>Zonal flow: strengthened westerlies, low over Iceland, high over the Azores.</summary>
    Zonal,

    /// <summary>European/Scandinavian blocking: a quasi-stationary high over Scandinavia.</summary>
    Blocking,

    /// <summary>Atlantic ridge: a high over the central North Atlantic.</summary>
    AtlanticRidge,

    /// <summary>Atlantic trough: a deep trough west of the British Isles.</summary>
    AtlanticTrough,
}
