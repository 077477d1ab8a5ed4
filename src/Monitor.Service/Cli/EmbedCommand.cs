using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitor.Core.Formats;
using Monitor.Core.Formats.Csv;
using Monitor.Core.Regimes.Embedding;

namespace Monitor.Service.Cli;

/// <summary>
/// <c>v2vmonitor embed --input X.csv --perplexity 30 --seed N --out Y.csv</c>: a 2-D t-SNE embedding of any numeric
/// matrix (one state per row, optional header), so results can be compared with other tools on identical data;
/// prints the exact KL divergence and the trustworthiness T(10) (docs/embedding.md).
/// </summary>
internal static class EmbedCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<string>("--input") { Description = "Numeric CSV, one state per row (optional header line).", Required = true };
        var outPath = new Option<string>("--out") { Description = "CSV to write: columns x,y, one row per input row.", Required = true };
        var perplexity = new Option<double>("--perplexity") { Description = "Perplexity (effective neighbours); needs more than ⌊3·perplexity + 1⌋ rows.", DefaultValueFactory = _ => 30 };
        var seed = new Option<long>("--seed") { Description = "Random seed (random init, PCA start vectors).", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int>("--iterations") { Description = "Gradient-descent iterations, early exaggeration included.", DefaultValueFactory = _ => 1000 };
        var exaggeration = new Option<double>("--exaggeration") { Description = "Early exaggeration factor (first 250 iterations).", DefaultValueFactory = _ => 12 };
        var init = new Option<string>("--init") { Description = "pca | random.", DefaultValueFactory = _ => "pca" };
        var command = new Command("embed", "t-SNE (Barnes-Hut) of a numeric CSV matrix; prints KL divergence and trustworthiness T(10).")
        {
            input, outPath, perplexity, seed, iterations, exaggeration, init,
        };
        command.SetAction(parse =>
        {
            TsneOptions options;
            try
            {
                options = new TsneOptions
                {
                    Perplexity = parse.GetValue(perplexity),
                    Seed = parse.GetValue(seed),
                    Iterations = parse.GetValue(iterations),
                    EarlyExaggeration = parse.GetValue(exaggeration),
                    Initialization = parse.GetValue(init)!.Trim().ToLowerInvariant() switch
                    {
                        "pca" => TsneInitialization.Pca,
                        "random" => TsneInitialization.Random,
                        string other => throw new FormatException($"--init '{other}' is not pca or random."),
                    },
                };
            }
            catch (FormatException ex)
            {
                error.WriteLine($"embed: {ex.Message}");
                return 2;
            }

            return Run(parse.GetValue(input)!, parse.GetValue(outPath)!, options, output, error);
        });
        return command;
    }

    internal static int Run(string inputPath, string outputPath, TsneOptions options, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        double[,] states;
        try
        {
            states = MatrixCsv.Read(inputPath).Matrix;
        }
        catch (DataFileException ex)
        {
            error.WriteLine($"embed: {ex.Message}");
            return 1;
        }

        try
        {
            options.Validate(states.GetLength(0));
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"embed: {inputPath}: {ex.Message}");
            return 2;
        }

        var watch = Stopwatch.StartNew();
        TsneEmbedding embedding = TsneEmbedder.Embed(states, options);
        MatrixCsv.Write(outputPath, embedding.Coordinates, ["x", "y"]);
        output.WriteLine(string.Create(c,
            $"embedded {states.GetLength(0)} states × {states.GetLength(1)} dimensions: perplexity {options.Perplexity}, {options.Iterations} iterations, exaggeration {options.EarlyExaggeration}, init {options.Initialization.ToString().ToLowerInvariant()}, learning rate {embedding.LearningRate:0.###}, seed {options.Seed} ({watch.Elapsed.TotalSeconds:F1} s)"));
        output.WriteLine(string.Create(c, $"KL divergence (exact): {embedding.KlDivergence:F4}"));
        output.WriteLine(string.Create(c, $"trustworthiness T({embedding.TrustworthinessNeighbours}): {embedding.Trustworthiness:F4}"));
        output.WriteLine($"wrote {outputPath}");
        return 0;
    }
}
