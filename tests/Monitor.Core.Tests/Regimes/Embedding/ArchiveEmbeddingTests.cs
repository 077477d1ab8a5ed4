using Monitor.Core.Grids;
using Monitor.Core.Regimes.Embedding;
using Monitor.Core.Runtime;
using Monitor.Core.Synthetic;
using Monitor.Core.Tests.Synthetic;
using TorchSharp;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Regimes.Embedding;

/// <summary>
/// The t-SNE map of synthetic archive states (issue 6, point 8): daily 00 UTC analyses of 2026 on the W1 grid, z500
/// and t2m anomalies from the year's mean, √cos(lat) weighted, each variable scaled to unit total variance, reduced
/// by PCA to 50 dimensions — then embedded and checked with trustworthiness T(10) ≥ 0.9.
/// </summary>
public sealed class ArchiveEmbeddingTests(ITestOutputHelper output)
{
    private const int Components = 50;

    [Fact]
    public void Embedding_OfArchiveStates_IsTrustworthy_AndPlacesAStateBetweenTwoDaysNextToThem()
    {
        GridSpec grid = SyntheticGrids.Global5625;
        DateTime from = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), to = new(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc);
        ArchiveModel model = ArchiveModel.For(grid, GeographyBuilder.Build(grid).Fields, from, to, 0, seed: 5);
        int days = (int)(to - from).TotalDays + 1;
        double[,] states = Anomalies(grid, [.. Enumerable.Range(0, days).Select(d => model.Analysis(from.AddDays(d)))]);
        double[,] reduced = PrincipalScores(states, Components);

        TsneEmbedding embedding = TsneEmbedder.Embed(reduced, new TsneOptions { Perplexity = 30, Seed = 3 });

        output.WriteLine($"{days} states × {states.GetLength(1)} → PCA {Components}: T(10) = {embedding.Trustworthiness:F4}, KL = {embedding.KlDivergence:F4}");
        Assert.True(embedding.Trustworthiness >= 0.9, $"T(10) = {embedding.Trustworthiness}");

        // A new state halfway (in PCA space) between two consecutive days lands next to one of them.
        int day = 200;
        var between = new double[1, Components];
        for (int c = 0; c < Components; c++)
        {
            between[0, c] = (reduced[day, c] + reduced[day + 1, c]) / 2;
        }

        double[,] placed = TsnePlacer.Place(reduced, embedding.Coordinates, between);
        int[] nearest = [.. Enumerable.Range(0, days).OrderBy(j => Mixture.Distance(placed, 0, embedding.Coordinates, j)).Take(5)];
        output.WriteLine($"placed between days {day} and {day + 1}; nearest embedded days: {string.Join(", ", nearest)}");
        Assert.True(nearest.Contains(day) || nearest.Contains(day + 1), $"nearest placed neighbours: {string.Join(", ", nearest)}");
    }

    /// <summary>Rows: states; columns: z500 then t2m cells, anomalies from the mean of these states, weighted and scaled.</summary>
    private static double[,] Anomalies(GridSpec grid, ModelOutput[] analyses)
    {
        int n = analyses.Length, cells = grid.CellCount;
        var x = new double[n, 2 * cells];
        VariableId[] variables = [ModelOutput.Z500, ModelOutput.T2m];
        for (int v = 0; v < 2; v++)
        {
            var mean = new double[cells];
            foreach (ModelOutput a in analyses)
            {
                ReadOnlySpan<float> field = a[variables[v]];
                for (int c = 0; c < cells; c++)
                {
                    mean[c] += field[c] / (double)n;
                }
            }

            double total = 0;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> field = analyses[i][variables[v]];
                for (int c = 0; c < cells; c++)
                {
                    double weight = Math.Sqrt(Math.Cos(grid.Latitude(c / grid.LongitudeCount) * Math.PI / 180));
                    x[i, (v * cells) + c] = (field[c] - mean[c]) * weight;
                    total += x[i, (v * cells) + c] * x[i, (v * cells) + c];
                }
            }

            double scale = 1 / Math.Sqrt(total / n);
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < cells; c++)
                {
                    x[i, (v * cells) + c] *= scale;
                }
            }
        }

        return x;
    }

    /// <summary>Scores on the leading principal components (torch SVD of the centred matrix).</summary>
    private static double[,] PrincipalScores(double[,] x, int components)
    {
        TorchRuntime.Initialize();
        int n = x.GetLength(0), d = x.GetLength(1);
        using torch.Tensor t = torch.tensor(x.Cast<double>().ToArray(), [n, d], torch.float64);
        using torch.Tensor centred = t - t.mean([0L], keepdim: true);
        (torch.Tensor u, torch.Tensor s, torch.Tensor vh) = torch.linalg.svd(centred, fullMatrices: false);
        using (u)
        using (s)
        using (vh)
        {
            double[] uu = u.data<double>().ToArray(), ss = s.data<double>().ToArray();
            int k = (int)u.shape[1];
            var scores = new double[n, components];
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < components; c++)
                {
                    scores[i, c] = uu[(i * k) + c] * ss[c];
                }
            }

            return scores;
        }
    }
}
