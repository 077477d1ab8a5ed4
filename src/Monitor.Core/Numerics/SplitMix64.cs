namespace Monitor.Core.Numerics;

/// <summary>
/// A small, fast, seedable random generator (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014). Used instead of <see cref="Random"/> so that streams can be keyed by (seed, time, variable …) and stay
/// bit-identical across .NET versions.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts a stream from a key.</summary>
    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>A stream keyed by several values (order matters).</summary>
    public static SplitMix64 For(params long[] keys)
    {
        ulong state = 0x9E3779B97F4A7C15UL;
        foreach (long key in keys)
        {
            state = Mix(state ^ (ulong)key);
        }

        return new SplitMix64(state);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
