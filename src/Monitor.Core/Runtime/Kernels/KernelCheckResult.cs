namespace Monitor.Core.Runtime.Kernels;

/// <summary>Outcome of <see cref="KernelCheck.Run"/>: the worst deviation of every operation checked.</summary>
/// <param name="Path">The path that was checked.</param>
/// <param name="Deviations">Per shape and operation, the worst deviation over the repetitions.</param>
/// <param name="Tolerance">Largest relative error accepted.</param>
public sealed record KernelCheckResult(KernelPath Path, IReadOnlyList<KernelDeviation> Deviations, double Tolerance)
{
    /// <summary>True when every operation stayed within <see cref="Tolerance"/>.</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>The operations beyond <see cref="Tolerance"/> (NaN counts as infinite).</summary>
    public IReadOnlyList<KernelDeviation> Failures => Deviations.Where(d => !(d.RelativeError <= Tolerance)).ToList();

    /// <summary>The largest relative error over every operation (0 when nothing was checked).</summary>
    public double WorstRelativeError => Deviations.Count == 0 ? 0 : Deviations.Max(d => double.IsNaN(d.RelativeError) ? double.PositiveInfinity : d.RelativeError);
}
