using Monitor.Core.Regimes.Embedding;

namespace Monitor.Core.Tests.Regimes.Embedding;

/// <summary>Small Gaussian-mixture matrices for the t-SNE tests: centres ~ N(0, spread²), states = centre + N(0, 1).</summary>
internal static class Mixture
{
    public static double[,] Draw(int states, int dims, int centres, int seed, double spread = 4)
    {
        var random = new Random(seed);
        var centre = new double[centres, dims];
        for (int k = 0; k < centres; k++)
        {
            for (int j = 0; j < dims; j++)
            {
                centre[k, j] = spread * TsneEmbedder.Gaussian(random);
            }
        }

        var x = new double[states, dims];
        for (int i = 0; i < states; i++)
        {
            int k = i % centres;
            for (int j = 0; j < dims; j++)
            {
                x[i, j] = centre[k, j] + TsneEmbedder.Gaussian(random);
            }
        }

        return x;
    }

    public static double[,] Uniform(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                x[i, j] = random.NextDouble();
            }
        }

        return x;
    }

    public static double Distance(double[,] a, int i, double[,] b, int j)
    {
        double s = 0;
        for (int c = 0; c < a.GetLength(1); c++)
        {
            s += (a[i, c] - b[j, c]) * (a[i, c] - b[j, c]);
        }

        return Math.Sqrt(s);
    }
}
