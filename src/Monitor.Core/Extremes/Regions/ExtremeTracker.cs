namespace Monitor.Core.Extremes.Regions;

/// <summary>
/// Follows extreme events across leads and cycles by overlap of their cells. Within a cycle, per kind and lead by lead,
/// a region continues the track of the previous lead's region it shares the most cells with (each track continues
/// into at most one region, largest overlaps first); other regions start new tracks. Track ids are <c>{kind}-{nn}</c>,
/// numbered in order of first lead, then area — deterministic for a cycle, and the lead-0 events come first.
/// </summary>
public static class ExtremeTracker
{
    /// <summary>Returns the regions with <see cref="ExtremeRegion.Id"/> set, ordered by kind, lead and area.</summary>
    public static IReadOnlyList<ExtremeRegion> AssignTracks(IReadOnlyList<ExtremeRegion> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var result = new List<ExtremeRegion>();
        foreach (IGrouping<string, ExtremeRegion> kind in regions.GroupBy(r => r.Kind))
        {
            int[] leads = [.. kind.Select(r => r.LeadHours).Distinct().Order()];
            var previous = new List<ExtremeRegion>();
            int tracks = 0;
            int? previousLead = null;
            foreach (int lead in leads)
            {
                ExtremeRegion[] current = [.. kind.Where(r => r.LeadHours == lead).OrderByDescending(r => r.AreaKm2).ThenBy(r => r.Cells[0])];
                var ids = new string?[current.Length];
                if (previousLead is not null)
                {
                    var pairs = (from i in Enumerable.Range(0, current.Length)
                                 from p in previous
                                 let overlap = Overlap(current[i].Cells, p.Cells)
                                 where overlap > 0
                                 orderby overlap descending, i, p.Id
                                 select (Index: i, p.Id)).ToList();
                    var taken = new HashSet<string>();
                    foreach (var (index, id) in pairs)
                    {
                        if (ids[index] is null && taken.Add(id))
                        {
                            ids[index] = id;
                        }
                    }
                }

                for (int i = 0; i < current.Length; i++)
                {
                    current[i] = current[i] with { Id = ids[i] ?? $"{kind.Key}-{++tracks:00}" };
                }

                result.AddRange(current);
                previous = [.. current];
                previousLead = lead;
            }
        }

        return result;
    }

    /// <summary>
    /// Links each track of <paramref name="current"/> to the track of <paramref name="previous"/> (the previous cycle's
    /// regions, same grid) of the same kind that overlaps it most at equal valid times; sets
    /// <see cref="ExtremeRegion.PreviousCycleId"/> to <c>{previousCycle}/{id}</c> on every region of the track.
    /// </summary>
    public static IReadOnlyList<ExtremeRegion> LinkToPreviousCycle(IReadOnlyList<ExtremeRegion> current, IReadOnlyList<ExtremeRegion> previous, string previousCycle)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var links = new Dictionary<string, string>();
        foreach (IGrouping<string, ExtremeRegion> track in current.GroupBy(r => r.Id))
        {
            var overlaps = new Dictionary<string, long>();
            foreach (ExtremeRegion region in track)
            {
                foreach (ExtremeRegion old in previous.Where(p => p.Kind == region.Kind && p.ValidTime == region.ValidTime))
                {
                    long overlap = Overlap(region.Cells, old.Cells);
                    if (overlap > 0)
                    {
                        overlaps[old.Id] = overlaps.GetValueOrDefault(old.Id) + overlap;
                    }
                }
            }

            if (overlaps.Count > 0)
            {
                links[track.Key] = $"{previousCycle}/{overlaps.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).First().Key}";
            }
        }

        return [.. current.Select(r => r with { PreviousCycleId = links.GetValueOrDefault(r.Id) })];
    }

    /// <summary>Number of cells two ascending cell lists share.</summary>
    public static int Overlap(int[] a, int[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                n++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return n;
    }
}
