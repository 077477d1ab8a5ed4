using Monitor.Core.Cycles;
using Monitor.Core.Grids;

namespace Monitor.Core.Transfer.Evaluation;

/// <summary>
/// The climatology baseline: per grid cell and hour of day (UTC), the mean of the target over the training cycles'
/// leads — a forecast that knows the place and the diurnal cycle but not the weather. Missing values are skipped (a
/// cell and hour without any value is NaN, and not scored).
/// </summary>
public sealed class ClimatologyBaseline
{
    private readonly float[]?[] _byHour;

    private ClimatologyBaseline(float[]?[] byHour)
    {
        _byHour = byHour;
    }

    /// <summary>Fits from the training cycles.</summary>
    public static ClimatologyBaseline Fit(ICycleArchive archive, IReadOnlyList<CycleId> cycles, string target)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(cycles);
        VariableId id = VariableId.Parse(target, VariableCatalog.Default);
        var sums = new double[24][];
        var counts = new long[24][];
        foreach (CycleId cycle in cycles)
        {
            CycleData data;
            try
            {
                data = archive.Read(cycle, [id]);
            }
            catch (Exception ex) when (CycleArchives.IsMissingData(ex))
            {
                // A time step without the target adds nothing here; the linear baseline, which reads the target too, lists it.
                continue;
            }

            for (int l = 0; l < data.LeadHours.Count; l++)
            {
                int hour = cycle.ValidTime(data.LeadHours[l]).Hour;
                sums[hour] ??= new double[data.Grid.CellCount];
                counts[hour] ??= new long[data.Grid.CellCount];
                ReadOnlySpan<float> field = data.Field(l, 0);
                for (int i = 0; i < field.Length; i++)
                {
                    if (!float.IsNaN(field[i]))
                    {
                        sums[hour][i] += field[i];
                        counts[hour][i]++;
                    }
                }
            }
        }

        var means = new float[]?[24];
        for (int h = 0; h < 24; h++)
        {
            if (sums[h] is double[] s)
            {
                means[h] = s.Select((v, i) => counts[h][i] == 0 ? float.NaN : (float)(v / counts[h][i])).ToArray();
            }
        }

        return new ClimatologyBaseline(means);
    }

    /// <summary>The climatological field for a valid time (the nearest hour of day that the training data had).</summary>
    public ReadOnlySpan<float> At(DateTime validTime)
    {
        for (int offset = 0; offset < 12; offset++)
        {
            foreach (int hour in new[] { (validTime.Hour + offset) % 24, (validTime.Hour + 24 - offset) % 24 })
            {
                if (_byHour[hour] is float[] field)
                {
                    return field;
                }
            }
        }

        throw new InvalidOperationException("The climatology has no data.");
    }
}
