using Monitor.Core.Grids;
using Monitor.Core.Transfer;

namespace Monitor.Core.Monitoring;

/// <summary>
/// A model's prediction of its target for every lead of a cycle, compared with the forecast's own field of the target
/// where the cycle has one (the model is run all the same where it has not: that is what a transfer model is for).
/// </summary>
/// <param name="Predicted">The prediction <c>[lead, lat, lon]</c> in the target's units.</param>
/// <param name="HasForecastTarget">Whether the cycle holds the target itself.</param>
/// <param name="Leads">Per lead: means, and RMSE and bias against the forecast's field when there is one.</param>
public sealed record CyclePrediction(float[] Predicted, bool HasForecastTarget, IReadOnlyList<LeadConsistency> Leads)
{
    /// <summary>Predicts every lead of <paramref name="data"/> with <paramref name="model"/>.</summary>
    /// <exception cref="InvalidModelSpecException">The cycle lacks an input or is on another grid.</exception>
    public static CyclePrediction Run(TransferModel model, CycleData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        cancellationToken.ThrowIfCancellationRequested();
        float[] predicted = model.Predict(data);
        VariableId target = VariableId.Parse(model.Spec.Target, VariableCatalog.Default);
        bool hasTarget = data.Variables.Contains(target);
        int cells = data.Grid.CellCount;
        var leads = new List<LeadConsistency>(data.LeadHours.Count);
        for (int l = 0; l < data.LeadHours.Count; l++)
        {
            ReadOnlySpan<float> prediction = predicted.AsSpan(l * cells, cells);
            double predictedMean = MeanOfPresent(prediction);
            if (!hasTarget)
            {
                leads.Add(new LeadConsistency(data.LeadHours[l], predictedMean, null, null, null));
                continue;
            }

            ReadOnlySpan<float> forecast = data.Field(l, data.IndexOf(target));
            double squared = 0, difference = 0;
            long compared = 0;
            for (int i = 0; i < cells; i++)
            {
                if (!float.IsNaN(prediction[i]) && !float.IsNaN(forecast[i]))
                {
                    double d = (double)prediction[i] - forecast[i];
                    squared += d * d;
                    difference += d;
                    compared++;
                }
            }

            leads.Add(new LeadConsistency(data.LeadHours[l], predictedMean, MeanOfPresent(forecast), Math.Sqrt(squared / compared), difference / compared));
        }

        return new CyclePrediction(predicted, hasTarget, leads);
    }

    /// <summary>The mean of the values that are not NaN (missing); NaN when none is.</summary>
    private static double MeanOfPresent(ReadOnlySpan<float> values)
    {
        double sum = 0;
        long count = 0;
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                sum += value;
                count++;
            }
        }

        return sum / count;
    }
}
