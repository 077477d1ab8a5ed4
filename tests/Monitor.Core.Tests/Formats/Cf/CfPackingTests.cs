using Monitor.Core.Formats.Cf;
using Monitor.Core.Formats.NetCdf;

namespace Monitor.Core.Tests.Formats.Cf;

public sealed class CfPackingTests
{
    [Theory]
    [InlineData(NetCdfType.Short, 0.01, 273.15, -32767.0, -30000.0, 30000.0)]
    [InlineData(NetCdfType.Short, 1.0, 0.0, -32767.0, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(NetCdfType.Float, 1.0, 0.0, 9.969209968386869e36, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(NetCdfType.Float, 1.0, 0.0, -999.0, 0.1, 5000.7)]
    [InlineData(NetCdfType.UByte, 0.5, -10.0, 255.0, 1.0, 254.0)]
    public void Decode_Vectorised_EqualsLiteralDefinition(NetCdfType type, double scale, double offset, double fill, double min, double max)
    {
        var attributes = new Dictionary<string, NetCdfAttributeValue>
        {
            ["scale_factor"] = new("scale_factor", NetCdfType.Double, null, [scale]),
            ["add_offset"] = new("add_offset", NetCdfType.Double, null, [offset]),
            ["_FillValue"] = new("_FillValue", type, null, [fill]),
            ["missing_value"] = new("missing_value", type, null, [fill, 7]),
        };
        if (!double.IsInfinity(min))
        {
            attributes["valid_range"] = new("valid_range", type, null, [min, max]);
        }

        var variable = new NetCdfVariable(0, "x", type, [], attributes);
        var random = new Random(11);
        float[] raw = Enumerable.Range(0, 1003).Select(i => i % 17 == 0 ? (float)fill : i % 29 == 0 ? 7f
            : (float)Math.Round((random.NextDouble() * 70000) - 35000)).ToArray();
        raw[1] = MathF.BitDecrement((float)Math.Max(min, -1e30));   // just below the valid minimum (when there is one)
        raw[2] = (float)Math.Max(min, -1e30);

        float[] decoded = (float[])raw.Clone();
        CfPacking.For(variable).Decode(decoded);

        for (int i = 0; i < raw.Length; i++)
        {
            // CF §2.5.1 and §8.1, literally: missing if equal to a fill/missing value or outside the valid range
            // (here of the variable's own type, so compared on raw values); else raw·scale + offset in float64.
            double r = raw[i];
            bool missing = r == (float)fill || r == 7f || r < min || r > max;
            float expected = missing ? float.NaN : (float)((r * scale) + offset);
            Assert.Equal(expected, decoded[i]);
        }
    }

    [Fact]
    public void Decode_RangeInUnpackedUnitsOnPackedData_AppliesAfterUnpacking()
    {
        var variable = new NetCdfVariable(0, "t", NetCdfType.Short, [], new Dictionary<string, NetCdfAttributeValue>
        {
            ["scale_factor"] = new("scale_factor", NetCdfType.Float, null, [0.5]),
            ["valid_min"] = new("valid_min", NetCdfType.Float, null, [10.0]),
        });
        float[] values = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();

        CfPacking.For(variable).Decode(values);

        Assert.True(float.IsNaN(values[19]));   // 9.5 < 10
        Assert.Equal(10f, values[20]);
        Assert.Equal(19.5f, values[39]);
    }
}
