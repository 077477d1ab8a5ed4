using System.Globalization;

namespace Monitor.Core.Relevance.Summaries;

/// <summary>
/// Where the relevance of an explanation lies relative to the explained region's centroid, weighted by |R| summed over
/// the inputs: the mean great-circle distance, and the offset vector — the |R|-weighted mean of each cell's position in
/// an azimuthal equidistant projection centred on the centroid (east and north in km) — with its bearing.
/// </summary>
/// <param name="MeanDistanceKm">Relevance-weighted mean great-circle distance of the cells from the centroid.</param>
/// <param name="EastKm">East component of the offset vector.</param>
/// <param name="NorthKm">North component of the offset vector.</param>
/// <param name="WindRelation">
/// "upwind" / "downwind" / "crosswind" relative to the region's mean 10 m wind (angle between offset and wind more than
/// 120°, less than 60°, or between), "centred" when the offset is shorter than a tenth of the mean distance, or null
/// without wind.
/// </param>
public sealed record Footprint(double MeanDistanceKm, double EastKm, double NorthKm, string? WindRelation)
{
    /// <summary>Length of the offset vector.</summary>
    public double OffsetKm => Math.Sqrt((EastKm * EastKm) + (NorthKm * NorthKm));

    /// <summary>Bearing of the offset vector, degrees clockwise from north, 0…360.</summary>
    public double BearingDegrees => (Math.Atan2(EastKm, NorthKm) * 180.0 / Math.PI + 360.0) % 360.0;

    /// <summary>The offset's compass direction: north, north-east, …, north-west.</summary>
    public string Direction => Compass[(int)Math.Round(BearingDegrees / 45.0) % 8];

    /// <summary>E.g. "upwind, 300 km west (mean distance 420 km)".</summary>
    public string Describe()
    {
        string offset = string.Create(CultureInfo.InvariantCulture, $"{OffsetKm:F0} km {Direction}");
        string distance = string.Create(CultureInfo.InvariantCulture, $"mean distance {MeanDistanceKm:F0} km");
        return WindRelation is null ? $"{offset} ({distance})" : $"{WindRelation}, {offset} ({distance})";
    }

    private static readonly string[] Compass = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"];
}
