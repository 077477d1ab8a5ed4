using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class KlDivergenceTests
{
    [Fact]
    public void Exact_MatchesADenseLiteralSum()
    {
        double[,] x = Mixture.Draw(40, 4, 3, seed: 2), y = Mixture.Uniform(40, 2, seed: 9);
        SparseAffinities p = TsneEmbedder.Affinities(x, perplexity: 5);
        int n = 40;
        double z = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                z += i == j ? 0 : 1 / (1 + Math.Pow(Mixture.Distance(y, i, y, j), 2));
            }
        }

        double kl = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double pij = p[i, j];
                if (pij > 0)
                {
                    double q = 1 / (1 + Math.Pow(Mixture.Distance(y, i, y, j), 2)) / z;
                    kl += pij * Math.Log(pij / q);
                }
            }
        }

        Assert.Equal(kl, KlDivergence.Exact(p, y), 10);
    }

    [Fact]
    public void Affinities_AreSymmetric_AndSumToOne()
    {
        SparseAffinities p = TsneEmbedder.Affinities(Mixture.Draw(50, 3, 2, seed: 4), perplexity: 8);

        Assert.Equal(1.0, p.Values.Sum(), 12);
        for (int i = 0; i < p.Count; i++)
        {
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                Assert.Equal(p.Values[e], p[p.Columns[e], i], 15);
            }
        }
    }
}
