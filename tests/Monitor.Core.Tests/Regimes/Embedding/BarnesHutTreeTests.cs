using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

public sealed class BarnesHutTreeTests
{
    [Theory]
    [InlineData(0.0, 1e-12)]
    [InlineData(0.5, 2e-2)]
    public void Repulsion_MatchesTheExactSum(double theta, double relativeTolerance)
    {
        double[,] points = Mixture.Draw(500, 2, 6, seed: 3, spread: 10);
        var y = new double[1000];
        Buffer.BlockCopy(points, 0, y, 0, y.Length * sizeof(double));
        var tree = new BarnesHutTree(500);
        tree.Build(y, 500);
        Span<int> stack = stackalloc int[BarnesHutTree.StackLength];
        foreach (int i in new[] { 0, 17, 250, 499 })
        {
            double z = 0, fx = 0, fy = 0;
            for (int j = 0; j < 500; j++)
            {
                if (j != i)
                {
                    double dx = y[2 * i] - y[2 * j], dy = y[(2 * i) + 1] - y[(2 * j) + 1], w = 1 / (1 + (dx * dx) + (dy * dy));
                    z += w;
                    fx += w * w * dx;
                    fy += w * w * dy;
                }
            }

            (double tz, double tfx, double tfy) = tree.Repulsion(i, y[2 * i], y[(2 * i) + 1], theta * theta, stack);

            Assert.Equal(z, tz, z * relativeTolerance);
            double norm = Math.Sqrt((fx * fx) + (fy * fy));
            Assert.True(Math.Abs(tfx - fx) <= norm * relativeTolerance * 5 && Math.Abs(tfy - fy) <= norm * relativeTolerance * 5,
                $"point {i}: ({tfx}, {tfy}) against exact ({fx}, {fy})");
        }
    }
}
