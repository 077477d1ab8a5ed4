using System.Globalization;
using Monitor.Core.Grids;
using Monitor.Core.Relevance;
using Monitor.Core.Relevance.Composites;
using Monitor.Core.Relevance.Selectors;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Transfer.Training;
using Monitor.Core.Tests.Support;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Relevance.Physical;

/// <summary>
/// Does LRP find two relationships the synthetic atmosphere plants in t2m (docs/synthetic-atmosphere.md), on a U-Net
/// trained on it? (1) The diurnal cycle driven by the sun: tisr matters more at local noon than at local midnight.
/// (2) Advection: t2m is the sea-level temperature 6 h upwind, so under strong wind the relevance lies upwind.
/// </summary>
/// <remarks>
/// Composite: the default, layer-depth-signed (LRP-0 at the input, γ = 0.25 in the lower third, ε = 0.25 in the
/// middle, LRP-0 above). LRP-0 at the input shares relevance in proportion to a·w, i.e. relative to the training mean of
/// the standardised input — the reference the generator's diurnal term uses (the lagged sun minus its daily mean).
/// z^B's reference is the box corner: tisr at night sits at its lower bound, so its negative weights give it as much
/// relevance as full sun. Measured on this fixture with epsilon-gamma-box: tisr share 0.054 at noon and 0.064 at
/// midnight; 45 % of the strong-wind footprints upwind, mean angle 112° (91° for southerly winds). Details in
/// docs/relevance.md, "Physical checks on the synthetic archive".
/// </remarks>
[Collection(SeededWeightsGroup.Name)]
public sealed class PhysicalRelevanceTests(TrainedSyntheticModelFixture fixture, ITestOutputHelper output)
    : IClassFixture<TrainedSyntheticModelFixture>
{
    /// <summary>Cells this close to the regional grid's edges are not explained: replicate padding piles relevance there.</summary>
    private const int EdgeMargin = 3;

    /// <summary>Selections per explained cycle (one batched pass each); a stride keeps them spread over the cells.</summary>
    private const int SelectionsPerCycle = 40;

    private static Composite Composite => CompositeCatalog.Default;

    private static GridSpec Grid => TrainedSyntheticModelFixture.Grid;

    /// <summary>
    /// Land cells (lsm ≥ 0.5, south of 60°N) within 1 h of local noon or local midnight (mean solar time, UTC + λ/15°;
    /// the equation of time is about −14 min in February). On this grid noon falls in the 12 UTC analyses and
    /// midnight in the 00 UTC ones, on the same cells (15°W … 15°E), so the two means compare the same places.
    /// Measured: mean tisr share 0.248 at noon, 0.063 at midnight (ratio 3.9; with ε at the input 2.6 … 4.1 over three archives and
    /// trainings); an equal share would be 1/9. Asserted: noon above 1/9 and at least twice midnight.
    /// </summary>
    [Fact]
    public void TisrShare_OverLand_IsClearlyLargerAtLocalNoonThanAtLocalMidnight()
    {
        ReportFixture();
        int tisr = Channel("tisr");
        using var explainer = RelevanceExplainer.For(fixture.Model, Composite);
        var noon = new List<double>();
        var midnight = new List<double>();
        foreach (CycleData cycle in fixture.TestCycles)
        {
            DateTime valid = cycle.ValidTimes[0];
            ReadOnlySpan<float> lsm = cycle.Statics!.LandSeaMask;
            var noonCells = new List<int>();
            var midnightCells = new List<int>();
            for (int cell = 0; cell < Grid.CellCount; cell++)
            {
                if (!IsInterior(cell) || lsm[cell] < 0.5 || Grid.Latitude(cell / Grid.LongitudeCount) > 60)
                {
                    continue;
                }

                double hoursFromNoon = LocalSolarHour(valid, Grid.Longitude(cell % Grid.LongitudeCount)) - 12;
                if (Math.Abs(hoursFromNoon) <= 1)
                {
                    noonCells.Add(cell);
                }
                else if (Math.Abs(hoursFromNoon) >= 11)
                {
                    midnightCells.Add(cell);
                }
            }

            noon.AddRange(TisrShares(explainer, cycle, Spread(noonCells), tisr));
            midnight.AddRange(TisrShares(explainer, cycle, Spread(midnightCells), tisr));
        }

        double noonMean = noon.Average(), midnightMean = midnight.Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tisr share over land: local noon {noonMean:F3} ({noon.Count} cells), local midnight {midnightMean:F3} ({midnight.Count} cells), ratio {noonMean / midnightMean:F2}; equal share 1/{fixture.Model.Spec.Inputs.Count}"));
        Assert.True(noon.Count >= 200 && midnight.Count >= 200, $"too few land cells at local noon ({noon.Count}) or midnight ({midnight.Count})");
        Assert.True(noonMean > 1.0 / fixture.Model.Spec.Inputs.Count, $"at local noon tisr should get more than an equal share; got {noonMean:F3}");
        Assert.True(noonMean >= 2 * midnightMean, $"tisr share at local noon {noonMean:F3} should be at least twice the share at local midnight {midnightMean:F3}");
    }

    /// <summary>
    /// Cells in the top decile of 10 m wind speed over the test analyses (interior cells), each explained alone; the
    /// footprint's offset compared with the cell's own wind ("upwind": angle &gt; 120°; chance 1/3). The fixture trains
    /// the default layout (2) with seed 3. Measured on this fixture over training seeds 1–5 (2026-12-07, docs/relevance.md,
    /// "Physical checks on the synthetic archive"): layout 2 upwind 0.52–0.72 (seed 3: 0.52, the lowest), mean angle
    /// 124–150°, per direction 106–162°; layout 1 0.43–0.62, 114–140°, 89–153° (two of its five seeds fail the bounds
    /// below). Asserted, from layout 2's spread — the lowest of five seeds less a third of their range: at least 45 %
    /// upwind (12 points above chance, 7 under the lowest seed), mean angle at least 115° (9° under), and above 90° for
    /// northerly and for southerly winds separately (16° under the lowest, 105.8°): the footprints
    /// also have a wind-independent offset (tens of km north and west), which could make one of the two look upwind,
    /// not both.
    /// </summary>
    [Fact]
    public void Footprint_UnderStrongWind_PointsUpwind()
    {
        ReportFixture();
        double threshold = StrongWindThreshold();
        using var explainer = RelevanceExplainer.For(fixture.Model, Composite);
        var cases = new List<(string Relation, double Angle, double NorthComponent, double OffsetKm)>();
        foreach (CycleData cycle in fixture.TestCycles)
        {
            (float[] u, float[] v) = Wind(cycle);
            List<int> cells = Spread(Enumerable.Range(0, Grid.CellCount).Where(c => IsInterior(c) && Speed(u, v, c) >= threshold).ToList());
            if (cells.Count == 0)
            {
                continue;
            }

            Explanation explanation = explainer.Explain(fixture.Model, cycle, 0, CellSelectors(cells));
            for (int k = 0; k < cells.Count; k++)
            {
                Footprint footprint = RelevanceSummarizer.Summarize(explanation, k, Grid, fixture.Model.Spec.Inputs, (u, v)).Footprint;
                int cell = cells[k];
                double cosine = ((footprint.EastKm * u[cell]) + (footprint.NorthKm * v[cell])) / (footprint.OffsetKm * Speed(u, v, cell));
                cases.Add((footprint.WindRelation ?? "none", Math.Acos(Math.Clamp(cosine, -1, 1)) * 180 / Math.PI, v[cell] / Speed(u, v, cell), footprint.OffsetKm));
            }
        }

        double upwind = Fraction(cases, "upwind");
        double meanAngle = cases.Average(c => c.Angle);
        var northerly = cases.Where(c => c.NorthComponent < -Math.Sqrt(0.5)).ToList();
        var southerly = cases.Where(c => c.NorthComponent > Math.Sqrt(0.5)).ToList();
        string relations = string.Join(", ", cases.GroupBy(x => x.Relation).OrderBy(g => g.Key)
            .Select(g => FormattableString.Invariant($"{g.Key} {g.Count() / (double)cases.Count:F2}")));
        double medianOffset = cases.Select(x => x.OffsetKm).Order().ElementAt(cases.Count / 2);
        output.WriteLine(FormattableString.Invariant(
            $"strong wind ≥ {threshold:F1} m/s (top decile): {cases.Count} cells; {relations}; mean angle offset–wind {meanAngle:F1}°; median offset {medianOffset:F0} km"));
        output.WriteLine(FormattableString.Invariant(
            $"northerly: {northerly.Count} cells, upwind {Fraction(northerly, "upwind"):F2}, mean angle {northerly.Average(x => x.Angle):F1}°; southerly: {southerly.Count} cells, upwind {Fraction(southerly, "upwind"):F2}, mean angle {southerly.Average(x => x.Angle):F1}°"));

        Assert.True(cases.Count >= 500, $"too few strong-wind cells: {cases.Count}");
        Assert.True(upwind >= 0.45, $"at least 45 % of strong-wind footprints should point upwind (chance 1/3); {upwind:F2} do");
        Assert.True(meanAngle >= 115, $"the mean angle between footprint offset and wind should be at least 115°; it is {meanAngle:F1}°");
        Assert.True(northerly.Count >= 100 && southerly.Count >= 100, $"too few northerly ({northerly.Count}) or southerly ({southerly.Count}) cases");
        Assert.True(northerly.Average(x => x.Angle) > 90, $"under northerly winds the footprint should point north (upwind); mean angle {northerly.Average(x => x.Angle):F1}°");
        Assert.True(southerly.Average(x => x.Angle) > 90, $"under southerly winds the footprint should point south (upwind); mean angle {southerly.Average(x => x.Angle):F1}°");
    }

    private static double Fraction(List<(string Relation, double Angle, double NorthComponent, double OffsetKm)> cases, string relation) =>
        cases.Count(c => c.Relation == relation) / (double)cases.Count;

    /// <summary>Local mean solar time in hours, 0 … 24.</summary>
    private static double LocalSolarHour(DateTime utc, double longitude)
    {
        double hour = (utc.TimeOfDay.TotalHours + (longitude / 15.0)) % 24.0;
        return hour < 0 ? hour + 24.0 : hour;
    }

    private static bool IsInterior(int cell)
    {
        int row = cell / Grid.LongitudeCount, column = cell % Grid.LongitudeCount;
        return row >= EdgeMargin && row < Grid.LatitudeCount - EdgeMargin && column >= EdgeMargin && column < Grid.LongitudeCount - EdgeMargin;
    }

    /// <summary>At most <see cref="SelectionsPerCycle"/> of the cells, every n-th.</summary>
    private static List<int> Spread(List<int> cells)
    {
        int stride = Math.Max(1, (cells.Count + SelectionsPerCycle - 1) / SelectionsPerCycle);
        return cells.Where((_, i) => i % stride == 0).ToList();
    }

    private static List<RelevanceSelector> CellSelectors(IEnumerable<int> cells) =>
        cells.Select(cell =>
        {
            (int row, int column) = (cell / Grid.LongitudeCount, cell % Grid.LongitudeCount);
            return RelevanceSelector.Cell(RegionMask.Cell(Grid, row, column),
                string.Create(CultureInfo.InvariantCulture, $"t2m at {Grid.Latitude(row):F2}N {Grid.Longitude(column):F2}E"));
        }).ToList();

    private static (float[] U, float[] V) Wind(CycleData cycle) =>
        (cycle.Field(0, cycle.IndexOf(VariableId.Parse("u10", VariableCatalog.Default))).ToArray(),
         cycle.Field(0, cycle.IndexOf(VariableId.Parse("v10", VariableCatalog.Default))).ToArray());

    private static double Speed(float[] u, float[] v, int cell) => Math.Sqrt((u[cell] * u[cell]) + (v[cell] * v[cell]));

    private List<double> TisrShares(RelevanceExplainer explainer, CycleData cycle, List<int> cells, int tisr)
    {
        if (cells.Count == 0)
        {
            return [];
        }

        Explanation explanation = explainer.Explain(fixture.Model, cycle, 0, CellSelectors(cells));
        return Enumerable.Range(0, cells.Count)
            .Select(k => RelevanceSummarizer.Summarize(explanation, k, Grid, fixture.Model.Spec.Inputs).Variables[tisr].Share)
            .ToList();
    }

    /// <summary>The 90th percentile of 10 m wind speed over the interior cells of every test analysis.</summary>
    private double StrongWindThreshold()
    {
        var speeds = new List<double>();
        foreach (CycleData cycle in fixture.TestCycles)
        {
            (float[] u, float[] v) = Wind(cycle);
            speeds.AddRange(Enumerable.Range(0, Grid.CellCount).Where(IsInterior).Select(c => Speed(u, v, c)));
        }

        speeds.Sort();
        return speeds[(int)(speeds.Count * 0.9)];
    }

    private int Channel(string input)
    {
        int channel = fixture.Model.Spec.Inputs.ToList().IndexOf(input);
        return channel >= 0 ? channel : throw new InvalidOperationException($"The model has no input '{input}'.");
    }

    private void ReportFixture()
    {
        TrainingResult training = fixture.Training;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fixture {fixture.SetupTime.TotalSeconds:F1} s (generate {fixture.GenerationTime.TotalSeconds:F1} s, train {fixture.TrainingTime.TotalSeconds:F1} s); " +
            $"best epoch {training.BestEpoch}, validation L1 {training.BestValidationLoss:F4} (standardised); {fixture.TestCycles.Count} test analyses"));
    }
}
