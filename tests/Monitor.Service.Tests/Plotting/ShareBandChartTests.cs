using Monitor.Service.Plotting;
using SkiaSharp;

namespace Monitor.Service.Tests.Plotting;

/// <summary>The shares-against-band chart of an alert: a decodable PNG whose height grows with the inputs, and the warning colour exactly when a share leaves its band.</summary>
public sealed class ShareBandChartTests
{
    private static readonly string[] s_inputs = ["tcc", "u10", "v10", "tisr", "orography"];

    [Fact]
    public void A_share_outside_its_band_is_drawn_in_the_warning_colour_and_only_then()
    {
        double[] means = [0.30, 0.15, 0.18, 0.30, 0.07], deviations = [0.08, 0.06, 0.07, 0.09, 0.03];

        using SKBitmap unusual = Decode(ShareBandChart.Encode(s_inputs, [0.12, 0.10, 0.62, 0.10, 0.06], means, deviations, "Warm extreme at +48 h"));
        using SKBitmap ordinary = Decode(ShareBandChart.Encode(s_inputs, [0.31, 0.14, 0.20, 0.28, 0.07], means, deviations, "Ordinary"));

        Assert.Equal(640, unusual.Width);
        Assert.True(CountColour(unusual, 0xD0, 0x54, 0x2C) > 200, "the shares outside their bands (tcc, v10, tisr) should be orange");
        Assert.Equal(0, CountColour(ordinary, 0xD0, 0x54, 0x2C));
        Assert.True(CountColour(ordinary, 0x3B, 0x6F, 0xB6) > 200, "shares inside their bands are blue");
    }

    [Fact]
    public void The_chart_grows_with_the_inputs_and_refuses_mismatched_lengths()
    {
        using SKBitmap two = Decode(ShareBandChart.Encode(["a", "b"], [0.5, 0.5], [0.5, 0.5], [0.1, 0.1], "two"));
        using SKBitmap five = Decode(ShareBandChart.Encode(s_inputs, [0.2, 0.2, 0.2, 0.2, 0.2], [0.2, 0.2, 0.2, 0.2, 0.2], [0.1, 0.1, 0.1, 0.1, 0.1], "five"));

        Assert.Equal(3 * 34, five.Height - two.Height);
        Assert.Throws<ArgumentException>(() => ShareBandChart.Encode(["a", "b"], [0.5], [0.5, 0.5], [0.1, 0.1], "bad"));
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");

    private static int CountColour(SKBitmap bitmap, byte r, byte g, byte b)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - r) <= 2 && Math.Abs(c.Green - g) <= 2 && Math.Abs(c.Blue - b) <= 2)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
