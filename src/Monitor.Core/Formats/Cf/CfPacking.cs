using System.Numerics;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Core.Formats.Cf;

/// <summary>
/// CF packing and missing-data decoding of one variable (CF Conventions §8.1 packed data, §2.5.1 missing data):
/// raw values equal to <c>_FillValue</c> or any <c>missing_value</c>, or outside <c>valid_min</c>/<c>valid_max</c>/
/// <c>valid_range</c>, become NaN; the others become raw × <c>scale_factor</c> + <c>add_offset</c>. Validity is tested
/// in the packed (raw) domain when the validity attribute has the variable's own type, as CF prescribes, and in the
/// unpacked domain otherwise. Without <c>_FillValue</c>, netCDF's default fill for the type counts as missing (as
/// netCDF4-python does), except for byte types.
/// </summary>
public sealed class CfPacking
{
    private readonly double[] _missing;

    private CfPacking(double scale, double offset, double[] missing, double validMin, double validMax, bool validRangePacked)
    {
        Scale = scale;
        Offset = offset;
        _missing = missing;
        ValidMin = validMin;
        ValidMax = validMax;
        ValidRangeIsPacked = validRangePacked;
    }

    /// <summary>scale_factor (1 when absent).</summary>
    public double Scale { get; }

    /// <summary>add_offset (0 when absent).</summary>
    public double Offset { get; }

    /// <summary>Lower validity bound (−∞ when absent).</summary>
    public double ValidMin { get; }

    /// <summary>Upper validity bound (+∞ when absent).</summary>
    public double ValidMax { get; }

    /// <summary>True when the bounds apply to raw (packed) values.</summary>
    public bool ValidRangeIsPacked { get; }

    /// <summary>Raw values that mean "missing".</summary>
    public IReadOnlyList<double> MissingValues => _missing;

    /// <summary>True when values are packed (scale or offset present).</summary>
    public bool IsPacked => Scale != 1.0 || Offset != 0.0;

    /// <summary>Reads the packing attributes of a variable.</summary>
    public static CfPacking For(NetCdfVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        double scale = variable.NumberAttribute("scale_factor") ?? 1.0;
        double offset = variable.NumberAttribute("add_offset") ?? 0.0;

        var missing = new List<double>();
        if (variable.Attributes.TryGetValue("_FillValue", out NetCdfAttributeValue? fill))
        {
            missing.AddRange(fill.Numbers);
        }
        else if (DefaultFill(variable.Type) is double defaultFill)
        {
            missing.Add(defaultFill);
        }

        if (variable.Attributes.TryGetValue("missing_value", out NetCdfAttributeValue? missingValue))
        {
            missing.AddRange(missingValue.Numbers);
        }

        double min = double.NegativeInfinity, max = double.PositiveInfinity;
        NetCdfType? validType = null;
        if (variable.Attributes.TryGetValue("valid_range", out NetCdfAttributeValue? range) && range.Numbers.Count == 2)
        {
            (min, max, validType) = (range.Numbers[0], range.Numbers[1], range.Type);
        }
        else
        {
            if (variable.Attributes.TryGetValue("valid_min", out NetCdfAttributeValue? vmin) && vmin.Numbers.Count > 0)
            {
                (min, validType) = (vmin.Numbers[0], vmin.Type);
            }

            if (variable.Attributes.TryGetValue("valid_max", out NetCdfAttributeValue? vmax) && vmax.Numbers.Count > 0)
            {
                (max, validType) = (vmax.Numbers[0], vmax.Type);
            }
        }

        bool packedRange = validType is null || validType == variable.Type;
        return new CfPacking(scale, offset, missing.Distinct().ToArray(), min, max, packedRange);
    }

    /// <summary>Decodes raw values (read as float32) in place.</summary>
    /// <remarks>
    /// Vectorised: the missing/validity mask and the unpacking (in float64, as netCDF4-python does, then rounded to
    /// float32) are computed per SIMD register. A scalar loop handles the tail and the rare case of a validity range
    /// given in unpacked units on packed data.
    /// </remarks>
    public void Decode(Span<float> values)
    {
        bool hasRange = !double.IsNegativeInfinity(ValidMin) || !double.IsPositiveInfinity(ValidMax);
        if (hasRange && !ValidRangeIsPacked && IsPacked)
        {
            DecodeScalar(values, 0);
            return;
        }

        // Here any validity range applies to the raw values; compare in float with bounds rounded inwards so that
        // raw < lower  ⇔  (double)raw < ValidMin, and likewise for the upper bound.
        float lower = InwardBound(ValidMin, up: true), upper = InwardBound(ValidMax, up: false);
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var missing = new Vector<float>[_missing.Length];
            for (int m = 0; m < missing.Length; m++)
            {
                missing[m] = new Vector<float>((float)_missing[m]);
            }

            var nan = new Vector<float>(float.NaN);
            Vector<float> low = new(lower), high = new(upper);
            Vector<double> scale = new(Scale), offset = new(Offset);
            bool packed = IsPacked;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Span<float> slot = values.Slice(i, Vector<float>.Count);
                var raw = new Vector<float>(slot);
                Vector<int> bad = Vector.LessThan(raw, low) | Vector.GreaterThan(raw, high);
                foreach (Vector<float> m in missing)
                {
                    bad |= Vector.Equals(raw, m);
                }

                Vector<float> result = raw;
                if (packed)
                {
                    Vector.Widen(raw, out Vector<double> first, out Vector<double> second);
                    result = Vector.Narrow((first * scale) + offset, (second * scale) + offset);
                }

                Vector.ConditionalSelect(bad, nan, result).CopyTo(slot);
            }
        }

        DecodeScalar(values, i);
    }

    private void DecodeScalar(Span<float> values, int start)
    {
        Span<float> missing = stackalloc float[_missing.Length];
        for (int i = 0; i < missing.Length; i++)
        {
            missing[i] = (float)_missing[i];
        }

        bool packed = IsPacked;
        bool hasRange = !double.IsNegativeInfinity(ValidMin) || !double.IsPositiveInfinity(ValidMax);
        for (int i = start; i < values.Length; i++)
        {
            float raw = values[i];
            if (missing.Contains(raw) || (hasRange && ValidRangeIsPacked && (raw < ValidMin || raw > ValidMax)))
            {
                values[i] = float.NaN;
                continue;
            }

            double value = packed ? (raw * Scale) + Offset : raw;
            values[i] = hasRange && !ValidRangeIsPacked && (value < ValidMin || value > ValidMax) ? float.NaN : (float)value;
        }
    }

    private static float InwardBound(double bound, bool up)
    {
        if (double.IsInfinity(bound))
        {
            return (float)bound;
        }

        float f = (float)bound;
        if (up && f < bound)
        {
            f = MathF.BitIncrement(f);
        }
        else if (!up && f > bound)
        {
            f = MathF.BitDecrement(f);
        }

        return f;
    }

    /// <summary>Decodes raw values read as float64 into float32.</summary>
    public void Decode(ReadOnlySpan<double> raw, Span<float> destination)
    {
        bool hasRange = !double.IsNegativeInfinity(ValidMin) || !double.IsPositiveInfinity(ValidMax);
        for (int i = 0; i < raw.Length; i++)
        {
            double r = raw[i];
            if (_missing.AsSpan().Contains(r) || (hasRange && ValidRangeIsPacked && (r < ValidMin || r > ValidMax)))
            {
                destination[i] = float.NaN;
                continue;
            }

            double value = (r * Scale) + Offset;
            destination[i] = hasRange && !ValidRangeIsPacked && (value < ValidMin || value > ValidMax) ? float.NaN : (float)value;
        }
    }

    /// <summary>netCDF's default fill value per type (netcdf.h NC_FILL_*), null for byte types.</summary>
    public static double? DefaultFill(NetCdfType type) => type switch
    {
        NetCdfType.Short => -32767,
        NetCdfType.Int => -2147483647,
        NetCdfType.Float => 9.9692099683868690e+36f,
        NetCdfType.Double => 9.9692099683868690e+36,
        NetCdfType.UShort => 65535,
        NetCdfType.UInt => 4294967295,
        NetCdfType.Int64 => -9223372036854775806,
        NetCdfType.UInt64 => 18446744073709551614,
        _ => null,
    };
}
