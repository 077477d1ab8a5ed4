using Monitor.Core.Grids;
using Monitor.Core.Products;
using Monitor.Core.Relevance.Patterns;
using Monitor.Core.Relevance.Summaries;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Relevance.Patterns;

/// <summary>
/// Relevance patterns against planted families of cases: "local sun" (tisr carries 70 % of the relevance, centred on the
/// region) and "advected" (u10 carries 60 %, lying 3 cells = 450 km west of the region), 20 noisy cases each at
/// scattered places on a 1.5° Euro-Atlantic grid.
/// </summary>
public sealed class RelevancePatternTests
{
    private static readonly string[] s_inputs = ["u10", "v10", "tisr", "orography"];
    private static readonly GridSpec s_grid = new(72.75, 1.5, 32, -47.25, 1.5, 64);

    [Fact]
    public void Fit_RecoversThePlantedFamilies_WithTheirSharesAndWindows()
    {
        (List<RelevanceCase> cases, int[] family) = Families(20, seed: 5);

        RelevancePatternModel model = RelevancePatternModel.Fit(cases, new RelevancePatternOptions(Clusters: 2, Seed: 3));

        int[] labels = cases.Select(c => model.Assign(c).Pattern).ToArray();
        for (int f = 0; f < 2; f++)
        {
            int[] inFamily = labels.Where((_, i) => family[i] == f).Distinct().ToArray();
            Assert.Single(inFamily);
        }

        Assert.NotEqual(labels[Array.IndexOf(family, 0)], labels[Array.IndexOf(family, 1)]);
        RelevancePattern sun = model.Patterns[labels[Array.IndexOf(family, 0)]];
        RelevancePattern advected = model.Patterns[labels[Array.IndexOf(family, 1)]];
        Assert.Equal(0.7, sun.Shares[2], 0.05);
        Assert.Equal(0.6, advected.Shares[0], 0.05);
        Assert.True(advected.EastKm < -350, $"advected offset {advected.EastKm:F0} km east");
        Assert.Equal(20, sun.Members);
        Assert.Equal(20, advected.Members);

        // The mean windows peak where the families put their relevance: the centre, and 3 cells west of it.
        int size = model.Patterns[0].Windows[0].Length;
        int width = (int)Math.Sqrt(size), centre = (width / 2 * width) + (width / 2);
        Assert.Equal(centre, ArgMax(sun.Windows[2]));
        Assert.Equal(centre - 3, ArgMax(advected.Windows[0]));
        Assert.Contains("tisr 70 %", sun.Describe(s_inputs), StringComparison.Ordinal);
        Assert.Contains("west", advected.Describe(s_inputs), StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_LabelsANewCase_AndMeasuresHowUnusualItIs()
    {
        (List<RelevanceCase> cases, _) = Families(20, seed: 5);
        RelevancePatternModel model = RelevancePatternModel.Fit(cases, new RelevancePatternOptions(Clusters: 2, Seed: 3));
        (List<RelevanceCase> fresh, int[] family) = Families(3, seed: 99);
        int sunPattern = model.Assign(cases[0]).Pattern;

        foreach ((RelevanceCase c, int f) in fresh.Zip(family))
        {
            PatternAssignment assignment = model.Assign(c);
            Assert.Equal(f == 0, assignment.Pattern == sunPattern);
            Assert.True(assignment.Ratio < 3, $"a family member is {assignment.Ratio:F1}× the pattern's spread away");
        }

        RelevanceCase orographic = Case("unlike", s_grid, 20, 30, [0.02, 0.02, 0.02, 0.94], new Footprint(2500, 0, 2000, null), peakInput: 3, offsetColumns: 0);
        Assert.True(model.Assign(orographic).Ratio > 5, $"ratio {model.Assign(orographic).Ratio:F1}");
    }

    [Fact]
    public void Fit_IsDeterministic_AndSurvivesSaveAndLoad()
    {
        (List<RelevanceCase> cases, _) = Families(15, seed: 8);
        var options = new RelevancePatternOptions(Clusters: 3, Seed: 11);
        RelevancePatternModel first = RelevancePatternModel.Fit(cases, options);
        RelevancePatternModel second = RelevancePatternModel.Fit(cases, options);
        using var directory = new TemporaryDirectory();
        RelevancePatternFile.Save(first, directory.File("a"));
        RelevancePatternFile.Save(second, directory.File("b"));
        string written = File.ReadAllText(Path.Combine(directory.File("a"), RelevancePatternFile.FileName));
        Assert.Equal(written, File.ReadAllText(Path.Combine(directory.File("b"), RelevancePatternFile.FileName)));

        RelevancePatternModel loaded = RelevancePatternFile.Load(directory.File("a"));
        Assert.Equal(first.Inputs, loaded.Inputs);
        Assert.Equal(first.Patterns.Select(p => p.Members), loaded.Patterns.Select(p => p.Members));
        Assert.Equal(cases.Select(c => first.Assign(c)), cases.Select(c => loaded.Assign(c)));
    }

    [Fact]
    public void Window_WrapsAcrossTheDateLine_OnAGlobalGrid()
    {
        GridSpec global = new(88.5, 3, 60, 0, 3, 120);
        var map = new float[global.CellCount];
        int row = 10;
        map[(row * global.LongitudeCount) + 1] = 1;   // 3°E, one cell east of the centroid at 0°
        map[(row * global.LongitudeCount) + 118] = -1; // 354°E, two cells west of it
        RelevanceCase c = RelevanceCase.Create("wrap", global, ["t2m"], [map], [1.0], new Footprint(100, 0, 0, null),
            global.Latitude(row), 359.9, halfWidth: 2);

        float[] window = c.Windows[0];
        int centreRow = 2 * 5;
        Assert.Equal(0.5f, window[centreRow + 3]);
        Assert.Equal(-0.5f, window[centreRow + 0]);
        Assert.Equal(1f, window.Where(float.IsFinite).Sum(Math.Abs), 6);
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        (List<RelevanceCase> cases, _) = Families(2, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => RelevancePatternModel.Fit(cases, new RelevancePatternOptions(Clusters: 5)));
        Assert.Contains("4 cases cannot make 5 patterns", error.Message, StringComparison.Ordinal);

        RelevanceCase other = cases[0] with { Id = "odd-one", Inputs = ["t2m", "v10", "tisr", "orography"] };
        error = Assert.Throws<ArgumentException>(() => RelevancePatternModel.Fit([.. cases, other], new RelevancePatternOptions(Clusters: 2)));
        Assert.Contains("odd-one", error.Message, StringComparison.Ordinal);

        var range = Assert.Throws<ArgumentOutOfRangeException>(() => RelevancePatternModel.Fit(cases, new RelevancePatternOptions(FootprintScaleKm: 0)));
        Assert.Equal("FootprintScaleKm", range.ParamName);

        using var directory = new TemporaryDirectory();
        var missing = Assert.Throws<InvalidDataException>(() => RelevancePatternFile.Load(directory.Path));
        Assert.Contains(RelevancePatternFile.FileName, missing.Message, StringComparison.Ordinal);
    }

    /// <summary>n cases of each family, alternating, at places and with noise drawn from <paramref name="seed"/>.</summary>
    private static (List<RelevanceCase> Cases, int[] Family) Families(int n, int seed)
    {
        var random = new Random(seed);
        var cases = new List<RelevanceCase>();
        var family = new List<int>();
        for (int i = 0; i < 2 * n; i++)
        {
            int f = i % 2;
            double Noise(double scale) => (random.NextDouble() - 0.5) * scale;
            double[] shares = f == 0
                ? [0.1 + Noise(0.04), 0.1 + Noise(0.04), 0.7 + Noise(0.04), 0.1]
                : [0.6 + Noise(0.04), 0.2 + Noise(0.04), 0.1 + Noise(0.04), 0.1];
            Footprint footprint = f == 0
                ? new Footprint(200 + Noise(60), Noise(60), Noise(60), null)
                : new Footprint(520 + Noise(60), -450 + Noise(60), Noise(60), null);
            int row = 8 + random.Next(16), column = 8 + random.Next(48);
            cases.Add(Case($"{(f == 0 ? "sun" : "advected")}-{i}", s_grid, row, column, shares, footprint,
                peakInput: f == 0 ? 2 : 0, offsetColumns: f == 0 ? 0 : -3));
            family.Add(f);
        }

        return (cases, [.. family]);
    }

    /// <summary>A case at cell (row, column) whose input <paramref name="peakInput"/> peaks <paramref name="offsetColumns"/> cells east.</summary>
    private static RelevanceCase Case(string id, GridSpec grid, int row, int column, double[] shares, Footprint footprint, int peakInput, int offsetColumns)
    {
        var maps = s_inputs.Select(_ => new float[grid.CellCount]).ToList();
        for (int input = 0; input < s_inputs.Length; input++)
        {
            for (int dr = -2; dr <= 2; dr++)
            {
                for (int dc = -2; dc <= 2; dc++)
                {
                    double weight = Math.Exp(-((dr * dr) + (dc * dc)) / 2.0);
                    int at = ((row + dr) * grid.LongitudeCount) + column + (input == peakInput ? offsetColumns : 0) + dc;
                    maps[input][at] += (float)(shares[input] * weight);
                }
            }
        }

        return RelevanceCase.Create(id, grid, s_inputs, maps, shares, footprint, grid.Latitude(row), grid.Longitude(column), halfWidth: 6);
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
