using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class TsneEmbedderTests
{
    private static readonly TsneOptions Short = new() { Perplexity = 15, Iterations = 400, Seed = 11 };

    [Fact]
    public void Embed_SameSeed_IsBitIdentical()
    {
        double[,] states = Mixture.Draw(400, 10, 4, seed: 1);

        TsneEmbedding first = TsneEmbedder.Embed(states, Short);
        TsneEmbedding second = TsneEmbedder.Embed(states, Short);

        Assert.Equal(Bits(first.Coordinates), Bits(second.Coordinates));
        Assert.Equal(first.KlDivergence, second.KlDivergence);
    }

    [Fact]
    public void Embed_RandomInit_DependsOnTheSeed_AndIsReproducible()
    {
        double[,] states = Mixture.Draw(200, 5, 3, seed: 2);
        TsneOptions random = Short with { Initialization = TsneInitialization.Random, Iterations = 50 };

        double[,] a = TsneEmbedder.Embed(states, random).Coordinates, b = TsneEmbedder.Embed(states, random).Coordinates;
        double[,] c = TsneEmbedder.Embed(states, random with { Seed = 12 }).Coordinates;

        Assert.Equal(Bits(a), Bits(b));
        Assert.NotEqual(Bits(a), Bits(c));
    }

    [Fact]
    public void Embed_SeparatesMixtureComponents_WithHighTrustworthiness()
    {
        double[,] states = Mixture.Draw(400, 10, 4, seed: 1);

        TsneEmbedding embedding = TsneEmbedder.Embed(states, Short);

        Assert.True(embedding.Trustworthiness >= 0.9, $"T(10) = {embedding.Trustworthiness}");
        Assert.True(embedding.KlDivergence is > 0 and < 2, $"KL = {embedding.KlDivergence}");

        // Component of each state = i mod 4: its 10 nearest in the embedding share it.
        int same = 0, total = 0;
        for (int i = 0; i < 400; i += 7)
        {
            foreach (int j in Enumerable.Range(0, 400).Where(j => j != i).OrderBy(j => Mixture.Distance(embedding.Coordinates, i, embedding.Coordinates, j)).Take(10))
            {
                same += j % 4 == i % 4 ? 1 : 0;
                total++;
            }
        }

        Assert.Equal(total, same);
    }

    [Fact]
    public void Embed_LowersKlBelowTheInitialLayout()
    {
        double[,] states = Mixture.Draw(300, 8, 3, seed: 5);
        TsneOptimisation start = TsneEmbedder.Optimise(states, Short with { Iterations = 1, ExaggerationIterations = 0, LearningRate = 1e-9 });

        TsneEmbedding done = TsneEmbedder.Embed(states, Short);

        Assert.True(done.KlDivergence < 0.5 * KlDivergence.Exact(start.Affinities, start.Coordinates));
    }

    [Fact]
    public void Embed_PerplexityTooLarge_SaysWhatFits()
    {
        double[,] states = Mixture.Uniform(50, 3, seed: 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => TsneEmbedder.Embed(states, new TsneOptions { Perplexity = 30 }));

        Assert.Contains("perplexity 30 is too large for 50 states", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_NaN_NamesRowAndColumn()
    {
        double[,] states = Mixture.Uniform(100, 3, seed: 1);
        states[41, 2] = double.NaN;

        ArgumentException error = Assert.Throws<ArgumentException>(() => TsneEmbedder.Embed(states, Short));

        Assert.Contains("row 42, column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_DuplicatedStates_GiveFiniteCoordinates_WithCopiesTogether()
    {
        // 4 distinct states, each repeated 30 times: zero distances everywhere in P and leaves at the tree's depth limit.
        double[,] distinct = Mixture.Draw(4, 5, 4, seed: 8);
        var states = new double[120, 5];
        for (int i = 0; i < 120; i++)
        {
            for (int c = 0; c < 5; c++)
            {
                states[i, c] = distinct[i % 4, c];
            }
        }

        TsneEmbedding embedding = TsneEmbedder.Embed(states, Short with { Perplexity = 10 });

        Assert.All(embedding.Coordinates.Cast<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(embedding.KlDivergence));
        double within = Mixture.Distance(embedding.Coordinates, 0, embedding.Coordinates, 4);
        double across = Mixture.Distance(embedding.Coordinates, 0, embedding.Coordinates, 1);
        Assert.True(within < across, $"copies {within}, different states {across}");
    }

    private static long[] Bits(double[,] a) => [.. a.Cast<double>().Select(BitConverter.DoubleToInt64Bits)];
}
