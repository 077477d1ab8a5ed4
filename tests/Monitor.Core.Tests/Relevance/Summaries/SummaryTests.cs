using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Runtime;
using Monitor.Core.Transfer.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Monitor.Core.Tests.Relevance.Summaries;

/// <summary>
/// Summaries on hand-built explanations: sums, shares and parts per input; the footprint's distance, offset and bearing
/// against independent spherical formulas; upwind/downwind against the wind; the conservation residual equals the
/// bias's share.
/// </summary>
public sealed class SummaryTests(ITestOutputHelper output)
{
    // 1° cells on the equator: 3 rows (1N, 0, 1S) × 5 columns (0…4E).
    private static readonly GridSpec Grid = new(1, 1, 3, 0, 1, 5);

    [Fact]
    public void PerInputSumsSharesAndConservationResidual()
    {
        TorchRuntime.Initialize();
        using IDisposable scope = NewDisposeScope();

        // Two inputs, per-cell y = 1·a − 2·b + 0.5: relevance of a is x_a, of b is −2 x_b (LRP-0), the bias keeps 0.5 per cell.
        var net = new PerCellLinear(2, 3, 5);
        using (no_grad())
        {
            net.Weight[0].fill_(1f);
            net.Weight[1].fill_(-2f);
            net.Bias.fill_(0.5f);
        }

        net.eval();
        Tensor x = ones(1, 2, 3, 5);
        bool[] mask = RegionMask.Box(Grid, 0, 0, 1, 2);
        using RelevanceExplainer explainer = RelevanceExplainer.For(net, CompositeCatalog.Resolve("zero"), bounds: null);
        Explanation e = explainer.Explain(x, [RelevanceSelector.Region(mask, "two cells")]);
        RegionSummary s = RelevanceSummarizer.Summarize(e, 0, Grid, ["a", "b"]);

        // y = 1 − 2 + 0.5 = −0.5 per cell and R_out = mask ⊙ y; LRP-0 gives input c the share x_c w_c / z of it and the
        // bias keeps b / z of it: a gets 1 per cell, b gets −2, the bias 0.5.
        Assert.Equal(-1.0, s.OutputRelevance, 6);
        Assert.Equal(2.0, s.Variables[0].Sum, 6);
        Assert.Equal(-4.0, s.Variables[1].Sum, 6);
        Assert.Equal(4.0, s.Variables[1].Absolute, 6);
        Assert.Equal(2.0 / 6.0, s.Variables[0].Share, 6);
        Assert.Equal(4.0 / 6.0, s.Variables[1].Share, 6);
        Assert.Equal(-4.0, s.Variables[1].Negative, 6);
        Assert.Equal(0.0, s.Variables[1].Positive, 6);
        Assert.Equal(1.0, s.ConservationResidual, 6);
        Assert.Equal(1.0, s.RelativeConservationResidual, 6);
        Assert.Equal(-2.0, s.InputRelevance, 6);
        Assert.Equal(2, s.Cells);
        Assert.Equal(0.0, s.CentroidLatitude, 6);
        Assert.Equal(1.5, s.CentroidLongitude, 6);
        output.WriteLine($"area {s.AreaKm2:F0} km², residual {s.ConservationResidual} ({s.RelativeConservationResidual:P0})");
        Assert.Equal(2 * Grid.CellAreaKm2(1), s.AreaKm2, 6);
    }

    [Fact]
    public void Footprint_OffsetAndBearingMatchSphericalGeometry()
    {
        // Relevance only at the cell 1°N, 0°E, for a region centred at the cell 0°N, 2°E: the offset points to the
        // north-west (initial bearing from (0, 2) to (1, 0)), its length is the great-circle distance.
        float[] relevance = new float[15];
        relevance[0] = 3f;
        Explanation e = Single(relevance, RegionMask.Cell(Grid, 1, 2));
        RegionSummary s = RelevanceSummarizer.Summarize(e, 0, Grid, ["x"], (Constant(10), Constant(0)));

        double phi1 = 0, lambda1 = Radians(2), phi2 = Radians(1), lambda2 = 0;
        double distance = GridSpec.EarthRadiusKm * Math.Acos((Math.Sin(phi1) * Math.Sin(phi2)) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Cos(lambda2 - lambda1)));
        double bearing = Math.Atan2(Math.Sin(lambda2 - lambda1) * Math.Cos(phi2),
            (Math.Cos(phi1) * Math.Sin(phi2)) - (Math.Sin(phi1) * Math.Cos(phi2) * Math.Cos(lambda2 - lambda1))) * 180 / Math.PI;
        output.WriteLine($"{s.Footprint.Describe()}; expected {distance:F2} km at {(bearing + 360) % 360:F2}°");
        Assert.Equal(distance, s.Footprint.MeanDistanceKm, 1e-6 * distance);
        Assert.Equal(distance, s.Footprint.OffsetKm, 1e-6 * distance);
        Assert.Equal((bearing + 360) % 360, s.Footprint.BearingDegrees, 1e-6);
        Assert.Equal("north-west", s.Footprint.Direction);

        // A westerly wind (u = 10 m/s) blows from the west: relevance to the north-west is upwind.
        Assert.Equal("upwind", s.Footprint.WindRelation);
        RegionSummary easterly = RelevanceSummarizer.Summarize(e, 0, Grid, ["x"], (Constant(-10), Constant(0)));
        Assert.Equal("downwind", easterly.Footprint.WindRelation);
        RegionSummary southerly = RelevanceSummarizer.Summarize(e, 0, Grid, ["x"], (Constant(0), Constant(10)));
        Assert.Equal("crosswind", southerly.Footprint.WindRelation);
    }

    [Fact]
    public void Footprint_SymmetricRelevance_IsCentred()
    {
        float[] relevance = new float[15];
        relevance[(1 * 5) + 1] = 1f;
        relevance[(1 * 5) + 3] = -1f;
        Explanation e = Single(relevance, RegionMask.Cell(Grid, 1, 2));
        RegionSummary s = RelevanceSummarizer.Summarize(e, 0, Grid, ["x"], (Constant(5), Constant(5)));
        Assert.True(s.Footprint.OffsetKm < 1e-6, $"{s.Footprint.OffsetKm}");
        Assert.Equal("centred", s.Footprint.WindRelation);
        Assert.True(s.Footprint.MeanDistanceKm > 100);
    }

    private static Explanation Single(float[] relevance, bool[] mask)
        => new([RelevanceSelector.Region(mask, "region")], 1, relevance.Length, new float[relevance.Length], relevance, [relevance.Sum()]);

    private static float[] Constant(float value) => Enumerable.Repeat(value, 15).ToArray();

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
