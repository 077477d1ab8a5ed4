using System.Numerics;
using System.Runtime.InteropServices;

namespace Monitor.Bench;

/// <summary>
/// Bench-only reference point, not used by the service: the cheapest form of the work <c>CfPacking.Decode</c> does
/// for an unpacked float32 variable without a valid range (fill → NaN), written with <see cref="Vector{T}"/>. It
/// shows how much of our decoding time is the loop's form rather than the work.
/// </summary>
internal static class FillToNaNSketch
{
    /// <summary>Replaces every value equal to <paramref name="fill"/> by NaN.</summary>
    public static void Apply(Span<float> values, float fill)
    {
        Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var fills = new Vector<float>(fill);
        var nans = new Vector<float>(float.NaN);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = Vector.ConditionalSelect(Vector.Equals(vectors[i], fills), nans, vectors[i]);
        }

        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            if (values[i] == fill)
            {
                values[i] = float.NaN;
            }
        }
    }
}
