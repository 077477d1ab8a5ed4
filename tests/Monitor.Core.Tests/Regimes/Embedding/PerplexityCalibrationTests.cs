using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class PerplexityCalibrationTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void Conditional_EveryRowHasEntropyLnPerplexity(double perplexity)
    {
        double[,] states = Mixture.Draw(300, 10, 5, seed: 7);
        int n = states.GetLength(0), d = states.GetLength(1);
        var flat = new double[n * d];
        Buffer.BlockCopy(states, 0, flat, 0, flat.Length * sizeof(double));
        NeighbourLists neighbours = ExactNeighbours.Within(flat, n, d, new TsneOptions { Perplexity = perplexity }.NeighbourCount);

        double[] p = PerplexityCalibration.Conditional(neighbours, perplexity);

        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = p.AsSpan(i * neighbours.K, neighbours.K);
            Assert.Equal(1.0, row.ToArray().Sum(), 12);
            Assert.Equal(Math.Log(perplexity), PerplexityCalibration.Entropy(row), 4);
        }
    }

    [Fact]
    public void Neighbours_AreTheSortedNearest()
    {
        double[,] states = Mixture.Uniform(70, 3, seed: 8);
        var flat = new double[70 * 3];
        Buffer.BlockCopy(states, 0, flat, 0, flat.Length * sizeof(double));

        NeighbourLists neighbours = ExactNeighbours.Within(flat, 70, 3, 6);

        for (int i = 0; i < 70; i++)
        {
            int[] expected = [.. Enumerable.Range(0, 70).Where(j => j != i).OrderBy(j => Mixture.Distance(states, i, states, j)).Take(6)];
            Assert.Equal(expected, neighbours.Indices.AsSpan(i * 6, 6).ToArray());
        }
    }
}
