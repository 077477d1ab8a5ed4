namespace Monitor.Core.Transfer.Evaluation;

/// <summary>Accumulates errors in float64 and produces <see cref="SkillScores"/>; pairs with a NaN are skipped and counted.</summary>
public sealed class SkillAccumulator
{
    private long _count, _missing;
    private double _sumError, _sumAbsolute, _sumSquared, _sumReference, _sumReferenceSquared;

    /// <summary>Adds one field.</summary>
    public void Add(ReadOnlySpan<float> prediction, ReadOnlySpan<float> reference)
    {
        for (int i = 0; i < prediction.Length; i++)
        {
            double p = prediction[i], r = reference[i];
            if (double.IsNaN(p) || double.IsNaN(r))
            {
                _missing++;
                continue;
            }

            double e = p - r;
            _count++;
            _sumError += e;
            _sumAbsolute += Math.Abs(e);
            _sumSquared += e * e;
            _sumReference += r;
            _sumReferenceSquared += r * r;
        }
    }

    /// <summary>The scores so far.</summary>
    public SkillScores Scores()
    {
        if (_count == 0)
        {
            return new SkillScores(0, double.NaN, double.NaN, double.NaN, double.NaN, _missing);
        }

        double n = _count, meanReference = _sumReference / n;
        double sst = _sumReferenceSquared - (n * meanReference * meanReference);
        return new SkillScores(_count, Math.Sqrt(_sumSquared / n), _sumAbsolute / n, _sumError / n, sst > 0 ? 1 - (_sumSquared / sst) : double.NaN, _missing);
    }
}
