using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class TsnePlacerTests
{
    private static readonly double[,] States = Mixture.Draw(500, 10, 5, seed: 3);
    private static readonly TsneEmbedding Reference = TsneEmbedder.Embed(States, new TsneOptions { Perplexity = 20, Iterations = 500, Seed = 1 });

    [Fact]
    public void Place_ReferenceStates_LandNearTheirOwnPositions()
    {
        int[] picked = [.. Enumerable.Range(0, 500).Where(i => i % 10 == 0)];
        var again = new double[picked.Length, 10];
        for (int r = 0; r < picked.Length; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                again[r, c] = States[picked[r], c];
            }
        }

        double[,] placed = TsnePlacer.Place(States, Reference.Coordinates, again);

        // Each placement lies closer to its own point than that point's 5th nearest neighbour in the embedding.
        for (int r = 0; r < picked.Length; r++)
        {
            int i = picked[r];
            double fifth = Enumerable.Range(0, 500).Where(j => j != i).Select(j => Mixture.Distance(Reference.Coordinates, i, Reference.Coordinates, j)).Order().ElementAt(4);
            double off = Mixture.Distance(placed, r, Reference.Coordinates, i);
            Assert.True(off < fifth, $"state {i}: placed {off:F3} from its own point; 5th neighbour at {fifth:F3}");
        }
    }

    [Fact]
    public void Place_NewMemberOfAComponent_LandsAmongThatComponent()
    {
        // A new state: the mean of component 2's states (i mod 5 == 2) — its embedding neighbours must be component 2.
        var fresh = new double[1, 10];
        for (int i = 2; i < 500; i += 5)
        {
            for (int c = 0; c < 10; c++)
            {
                fresh[0, c] += States[i, c] / 100;
            }
        }

        double[,] placed = TsnePlacer.Place(States, Reference.Coordinates, fresh);

        int[] nearest = [.. Enumerable.Range(0, 500).OrderBy(j => Mixture.Distance(placed, 0, Reference.Coordinates, j)).Take(10)];
        Assert.All(nearest, j => Assert.Equal(2, j % 5));
    }

    [Fact]
    public void Place_IsIndependentOfTheBatch()
    {
        var one = new double[1, 10];
        var two = new double[2, 10];
        for (int c = 0; c < 10; c++)
        {
            one[0, c] = two[1, c] = States[7, c] + 0.3;
            two[0, c] = States[100, c];
        }

        double[,] alone = TsnePlacer.Place(States, Reference.Coordinates, one), together = TsnePlacer.Place(States, Reference.Coordinates, two);

        Assert.Equal(alone[0, 0], together[1, 0]);
        Assert.Equal(alone[0, 1], together[1, 1]);
    }

    [Fact]
    public void Place_WrongDimension_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => TsnePlacer.Place(States, Reference.Coordinates, new double[1, 9]));

        Assert.Contains("9 dimensions", error.Message, StringComparison.Ordinal);
    }
}
