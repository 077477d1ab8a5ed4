namespace Monitor.Core.Alerts.Rules;

/// <summary>What an <see cref="UnexplainedExtremeRule"/> judges of an extreme region's unexplained departure (docs/alerts.md, "Unexplained extremes").</summary>
public enum UnexplainedMeasure
{
    /// <summary>The region's most unusual 3 × 3-cell window of the departure standardised cell by cell (<c>unexplainedCore</c>).</summary>
    Core,

    /// <summary>The region's mean departure against the mean of its cells' usual means and spreads.</summary>
    Region,
}
