using Monitor.Core.Grids;

namespace Monitor.Core.Extremes.Climatology;

/// <summary>The 10 m wind speed <c>si10</c>, derived as √(u10² + v10²) where a source has only the components.</summary>
public static class WindSpeed
{
    /// <summary>The wind speed, <c>si10</c>.</summary>
    public static VariableId Speed { get; } = new("si10");

    /// <summary>The eastward component, <c>u10</c>.</summary>
    public static VariableId U { get; } = new("u10");

    /// <summary>The northward component, <c>v10</c>.</summary>
    public static VariableId V { get; } = new("v10");

    /// <summary>How a missing wind speed is named in errors: either it or both components would do.</summary>
    public const string Wanted = "si10 (or u10 and v10)";

    /// <summary>Writes √(u² + v²) of each pair into <paramref name="speed"/> (all three the same length).</summary>
    public static void Derive(ReadOnlySpan<float> u, ReadOnlySpan<float> v, Span<float> speed)
    {
        if (u.Length != speed.Length || v.Length != speed.Length)
        {
            throw new ArgumentException($"u has {u.Length}, v {v.Length} and the speed {speed.Length} values.", nameof(speed));
        }

        for (int i = 0; i < speed.Length; i++)
        {
            speed[i] = MathF.Sqrt((u[i] * u[i]) + (v[i] * v[i]));
        }
    }
}
