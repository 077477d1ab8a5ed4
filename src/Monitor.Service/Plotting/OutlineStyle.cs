using ScottPlot;

namespace Monitor.Service.Plotting;

/// <summary>How an outline is stroked.</summary>
/// <param name="Color">Line colour.</param>
/// <param name="Width">Line width (px).</param>
internal readonly record struct OutlineStyle(Color Color, float Width);
