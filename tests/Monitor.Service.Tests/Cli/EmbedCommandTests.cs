using System.Globalization;
using System.Text;
using Monitor.Core.Formats.Csv;
using Monitor.Core.Regimes.Embedding;

namespace Monitor.Service.Tests.Cli;

public sealed class EmbedCommandTests : IDisposable
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Embed_RoundTrip_WritesOneRowPerState_AndPrintsKlAndTrustworthiness()
    {
        string input = Matrix(120, 4, header: true), output = _dir.File("y.csv");

        CliRun run = await CliRun.InvokeAsync(Time, "embed", "--input", input, "--perplexity", "10", "--seed", "3", "--out", output, "--iterations", "300");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("embedded 120 states × 4 dimensions: perplexity 10, 300 iterations", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"KL divergence \(exact\): \d+\.\d{4}", run.Output);
        string t10 = run.Output.Split('\n').Single(l => l.StartsWith("trustworthiness T(10): ", StringComparison.Ordinal));
        double printed = double.Parse(t10.Split(": ")[1], CultureInfo.InvariantCulture);
        Assert.Equal(Trustworthiness.Compute(MatrixCsv.Read(input).Matrix, MatrixCsv.Read(output).Matrix, 10), printed, 4);
        Assert.True(printed > 0.8, t10);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("x,y", lines[0]);
        Assert.Equal(121, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal(2, l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Count()));

        CliRun again = await CliRun.InvokeAsync(Time, "embed", "--input", input, "--perplexity", "10", "--seed", "3", "--out", _dir.File("z.csv"), "--iterations", "300", "--init", "pca");
        Assert.Equal(File.ReadAllText(output), File.ReadAllText(_dir.File("z.csv")));
    }

    [Theory]
    [InlineData("x,y,z\n1,2,3\n4,5\n", "line 3: 2 values, but the header has 3")]
    [InlineData("1,2,3\n4,NaN,6\n", "line 2, column 2: 'NaN' is not finite")]
    [InlineData("1,2,3\n4,five,6\n", "line 2, column 2: 'five' is not a number")]
    public async Task Embed_BadMatrix_Exits1_NamingLineAndColumn(string text, string expected)
    {
        string input = _dir.File("bad.csv");
        File.WriteAllText(input, text);

        CliRun run = await CliRun.InvokeAsync(Time, "embed", "--input", input, "--out", _dir.File("y.csv"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(input, run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_PerplexityTooLarge_Exits2_SayingWhatFits()
    {
        CliRun run = await CliRun.InvokeAsync(Time, "embed", "--input", Matrix(40, 3, header: false), "--perplexity", "30", "--out", _dir.File("y.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("perplexity 30 is too large for 40 states", run.Error, StringComparison.Ordinal);
        Assert.Contains("use perplexity < 13", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_UnknownInit_Exits2()
    {
        CliRun run = await CliRun.InvokeAsync(Time, "embed", "--input", Matrix(40, 3, header: false), "--init", "spectral", "--out", _dir.File("y.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--init 'spectral' is not pca or random", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Three well-separated clusters (row i in cluster i mod 3), seed 1.</summary>
    private string Matrix(int rows, int cols, bool header)
    {
        var random = new Random(1);
        var text = new StringBuilder();
        if (header)
        {
            text.AppendLine(string.Join(',', Enumerable.Range(1, cols).Select(c => $"v{c}")));
        }

        for (int i = 0; i < rows; i++)
        {
            text.AppendLine(string.Join(',', Enumerable.Range(0, cols).Select(c => ((10.0 * ((i % 3) == c % 3 ? 1 : 0)) + random.NextDouble()).ToString("R", CultureInfo.InvariantCulture))));
        }

        string path = _dir.File($"x{rows}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
