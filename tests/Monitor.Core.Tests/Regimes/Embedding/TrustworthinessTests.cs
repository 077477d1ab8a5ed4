using System.Globalization;
using Monitor.Core.Formats.Csv;
using Monitor.Core.Regimes.Embedding;
using Monitor.Core.Tests.Support;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class TrustworthinessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    public void Compute_MatchesTheLiteralDefinition(int k)
    {
        double[,] x = Mixture.Uniform(60, 5, seed: 3), y = Mixture.Uniform(60, 2, seed: 4);

        Assert.Equal(Literal(x, y, k), Trustworthiness.Compute(x, y, k), 12);
    }

    [Fact]
    public void Compute_OfTheDataItself_IsOne_AndOfNoiseIsLower()
    {
        double[,] x = Mixture.Draw(80, 3, 4, seed: 1);

        Assert.Equal(1.0, Trustworthiness.Compute(x, x, 10), 12);
        Assert.True(Trustworthiness.Compute(x, Mixture.Uniform(80, 2, seed: 2), 10) < 0.8);
    }

    [Fact]
    public void Compute_MatchesScikitLearn()
    {
        double[,] x = Mixture.Uniform(120, 6, seed: 5), y = Mixture.Uniform(120, 2, seed: 6);
        using var dir = new TemporaryDirectory();
        string xPath = Path.Combine(dir.Path, "x.csv"), yPath = Path.Combine(dir.Path, "y.csv");
        MatrixCsv.Write(xPath, x, [.. Enumerable.Range(0, 6).Select(i => $"c{i}")]);
        MatrixCsv.Write(yPath, y, ["x", "y"]);
        const string script = "import sys, numpy as np\n" +
            "from sklearn.manifold import trustworthiness\n" +
            "x = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1); y = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1)\n" +
            "print(repr(trustworthiness(x, y, n_neighbors=10)))\n";
        string output;
        try
        {
            output = ExternalTool.Run("/usr/bin/python3", ["-c", script, xPath, yPath]);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("sklearn", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("/usr/bin/python3 lacks scikit-learn; install Debian's python3-sklearn (scripts/install-deps.sh --test).", ex);
        }

        Assert.Equal(double.Parse(output.Trim(), CultureInfo.InvariantCulture), Trustworthiness.Compute(x, y, 10), 12);
    }

    [Fact]
    public void Compute_KTooLarge_Throws()
    {
        double[,] x = Mixture.Uniform(20, 2, seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => Trustworthiness.Compute(x, x, 10));
    }

    /// <summary>Venna and Kaski (2001) written out: full rank tables from sorted distances, then the penalty sum.</summary>
    private static double Literal(double[,] x, double[,] y, int k)
    {
        int n = x.GetLength(0);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            int[] byX = Sorted(x, i), byY = Sorted(y, i);
            var rank = new int[n];
            for (int r = 0; r < byX.Length; r++)
            {
                rank[byX[r]] = r + 1;
            }

            foreach (int j in byY.Take(k))
            {
                if (!byX.Take(k).Contains(j))
                {
                    sum += rank[j] - k;
                }
            }
        }

        return 1 - (2.0 / (n * k * ((2.0 * n) - (3.0 * k) - 1)) * sum);
    }

    private static int[] Sorted(double[,] a, int i) =>
        [.. Enumerable.Range(0, a.GetLength(0)).Where(j => j != i).OrderBy(j => Mixture.Distance(a, i, a, j)).ThenBy(j => j)];
}
