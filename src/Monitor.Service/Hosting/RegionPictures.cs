namespace Monitor.Service.Hosting;

/// <summary>The pictures of one explained region (<see cref="RegionRelevanceMaps.Draw"/>), PNG bytes.</summary>
/// <param name="Relevance">The relevance of each input around the region.</param>
/// <param name="Departures">The forecast's departure from the climatology, the model's and the unexplained part; null where unknown.</param>
public sealed record RegionPictures(byte[] Relevance, byte[]? Departures);
