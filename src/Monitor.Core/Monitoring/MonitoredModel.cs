using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Monitoring.Anomalies;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;

namespace Monitor.Core.Monitoring;

/// <summary>
/// A transfer model as the service runs it: the model, its explainer (built once: the relevance graph and its
/// self-check are per network), its recurring relevance patterns when fitted, and the per-row threshold beyond which
/// its prediction disagrees with the forecast's own field.
/// </summary>
public sealed class MonitoredModel : IDisposable
{
    /// <summary>Wraps <paramref name="model"/> (owned from now on) with <paramref name="composite"/>'s rules.</summary>
    /// <param name="model">The model.</param>
    /// <param name="composite">The LRP composite.</param>
    /// <param name="patterns">Its relevance patterns, or null.</param>
    /// <param name="disagreementFactor">k: a cell disagrees where |prediction − forecast| &gt; k × the model's validation RMSE.</param>
    /// <param name="relevanceClimatology">The model's relevance climatology, or null (no anomaly scores).</param>
    /// <param name="relevanceClimatologyPath">Where it is saved after each cycle.</param>
    public MonitoredModel(TransferModel model, Composite composite, RelevancePatternModel? patterns, double disagreementFactor,
        RelevanceClimatology? relevanceClimatology = null, string? relevanceClimatologyPath = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(disagreementFactor);
        Model = model;
        Explainer = new RegionExplainer(model, composite);
        Patterns = patterns is null || patterns.Inputs.SequenceEqual(model.Spec.Inputs) ? patterns
            : throw new ArgumentException($"The relevance patterns are of inputs {string.Join(",", patterns.Inputs)}, model {model.Spec.Name} has {string.Join(",", model.Spec.Inputs)}.");
        RelevanceClimatology = relevanceClimatology is null || relevanceClimatology.Info.Inputs.SequenceEqual(model.Spec.Inputs) ? relevanceClimatology
            : throw new ArgumentException($"The relevance climatology {relevanceClimatologyPath} is of inputs {string.Join(",", relevanceClimatology.Info.Inputs)}, model {model.Spec.Name} has {string.Join(",", model.Spec.Inputs)}.");
        RelevanceClimatologyPath = relevanceClimatologyPath;
        ValidationRmse = ValidationRmseOf(model.Spec);
        if (ValidationRmse is double rmse)
        {
            Standardisation scale = model.Spec.Standardisation[model.Spec.Target];
            GridSpec grid = model.Spec.Grid;
            RowRmse = [.. Enumerable.Range(0, grid.LatitudeCount).Select(r => rmse * scale.StandardDeviation[scale.IsLatitudeWise ? r : 0])];
            RowThreshold = [.. RowRmse.Select(e => disagreementFactor * e)];
        }
    }

    /// <summary>The model.</summary>
    public TransferModel Model { get; }

    /// <summary>Its explainer.</summary>
    public RegionExplainer Explainer { get; }

    /// <summary>Its relevance patterns, or null.</summary>
    public RelevancePatternModel? Patterns { get; }

    /// <summary>
    /// The model's relevance climatology: explanations are scored against it, and each new cycle is added to it (by the
    /// cycle processor, once per cycle); null without one.
    /// </summary>
    public RelevanceClimatology? RelevanceClimatology { get; }

    /// <summary>Where <see cref="RelevanceClimatology"/> is saved after each cycle; null without one.</summary>
    public string? RelevanceClimatologyPath { get; }

    /// <summary>
    /// The model's validation RMSE in standardised units, from its training record (MSE loss: √loss; L1 loss: the mean
    /// absolute error × √(π/2), exact for normally distributed errors); null when the model has no training record.
    /// </summary>
    public double? ValidationRmse { get; }

    /// <summary>Per latitude row: <see cref="ValidationRmse"/> in the target's units; null when it is unknown.</summary>
    public IReadOnlyList<double>? RowRmse { get; }

    /// <summary>Per latitude row: the disagreement threshold in the target's units; null when <see cref="ValidationRmse"/> is unknown.</summary>
    public IReadOnlyList<double>? RowThreshold { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Explainer.Dispose();
        Model.Dispose();
    }

    private static double? ValidationRmseOf(ModelSpec spec)
    {
        if (!spec.Provenance.TryGetValue("bestValidationLoss", out string? text)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double loss)
            || !double.IsFinite(loss) || loss <= 0)
        {
            return null;
        }

        return spec.Provenance.TryGetValue("loss", out string? kind) && Enum.TryParse(kind, out LossKind lossKind) && lossKind == LossKind.Mse
            ? Math.Sqrt(loss)
            : loss * Math.Sqrt(Math.PI / 2);
    }
}
