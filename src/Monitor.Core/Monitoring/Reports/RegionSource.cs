namespace Monitor.Core.Monitoring.Reports;

/// <summary>Why a region was explained.</summary>
public enum RegionSource
{
    /// <summary>An extreme region detected against the percentile climatology.</summary>
    Extreme,

    /// <summary>A configured watch region.</summary>
    Watch,

    /// <summary>An area where the model disagrees with the forecast's own field (its deviation is explained).</summary>
    Disagreement,
}
