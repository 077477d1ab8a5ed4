namespace Monitor.Core.Cycles;

/// <summary>value × <paramref name="Scale"/> + <paramref name="Offset"/>.</summary>
/// <param name="Scale">Multiplier.</param>
/// <param name="Offset">Added after scaling.</param>
public sealed record LinearConversion(double Scale, double Offset = 0);
