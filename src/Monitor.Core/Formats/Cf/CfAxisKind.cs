namespace Monitor.Core.Formats.Cf;

/// <summary>What a dimension of a data variable is, by its coordinate variable.</summary>
public enum CfAxisKind
{
    /// <summary>Not recognised; allowed only with length 1 (e.g. ensemble member, height above ground).</summary>
    Other,

    /// <summary>Absolute time (valid time).</summary>
    Time,

    /// <summary>Forecast lead relative to a reference time (e.g. <c>step</c>).</summary>
    Lead,

    /// <summary>Vertical pressure level.</summary>
    Level,

    /// <summary>Latitude.</summary>
    Latitude,

    /// <summary>Longitude.</summary>
    Longitude,
}
