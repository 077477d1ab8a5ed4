namespace Monitor.Core.Extremes.Regions;

/// <summary>Which side of the threshold is extreme.</summary>
public enum ExceedanceDirection
{
    /// <summary>Values above the threshold (hot, wind, heavy precipitation).</summary>
    Above,

    /// <summary>Values below the threshold (cold).</summary>
    Below,
}
