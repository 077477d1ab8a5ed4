using System.CommandLine;
using System.Globalization;
using Monitor.Core.Cycles;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;

namespace Monitor.Service.Cli;

/// <summary><c>v2vmonitor train</c>: trains a transfer model on an archive (docs/models.md).</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var archive = new Option<string>("--archive") { Description = "An archive: a directory of cycles (inbox layout, e.g. from generate) or a manifest (.json, docs/models.md).", Required = true };
        var target = new Option<string>("--target") { Description = "Target variable.", DefaultValueFactory = _ => "t2m" };
        var inputs = new Option<string>("--inputs") { Description = "Input variables, comma-separated.", DefaultValueFactory = _ => "tcc,u10,v10,tp,tisr,orography" };
        var arch = new Option<string>("--arch") { Description = "unet | resnet | linear.", DefaultValueFactory = _ => "unet" };
        var width = new Option<int>("--width") { Description = "First-layer channels.", DefaultValueFactory = _ => 16 };
        var depth = new Option<int>("--depth") { Description = "U-Net levels.", DefaultValueFactory = _ => 3 };
        var layout = new Option<int>("--unet-layout") { Description = "U-Net layout: 1 (3×3 stride-2 downsampling) or 2 (4×4, phase-symmetric; docs/models.md).", DefaultValueFactory = _ => TrainingOptions.DefaultUNetLayout };
        var blocks = new Option<int>("--blocks") { Description = "ResNet residual blocks.", DefaultValueFactory = _ => 4 };
        var trainPeriod = new Option<string>("--train-period") { Description = "Training cycles, START..END (UTC dates).", Required = true };
        var validPeriod = new Option<string>("--valid-period") { Description = "Validation cycles, START..END; must not overlap training.", Required = true };
        var leads = new Option<string>("--leads") { Description = "Leads (h) used as samples: 0 (analyses), 0-72/6, 0,24,48.", DefaultValueFactory = _ => "0" };
        var batch = new Option<int>("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => 60 };
        var lr = new Option<double>("--lr") { Description = "AdamW learning rate.", DefaultValueFactory = _ => 1e-3 };
        var loss = new Option<string>("--loss") { Description = "l1 | mse.", DefaultValueFactory = _ => "l1" };
        var patience = new Option<int>("--patience") { Description = "Early stopping: epochs without validation improvement.", DefaultValueFactory = _ => 5 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: one per core)." };
        var outDir = new Option<string>("--out") { Description = "Model directory to write.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out." };
        var command = new Command("train", "Train a transfer model (U-Net, ResNet or linear baseline) on an archive.")
        {
            archive, target, inputs, arch, width, depth, layout, blocks, trainPeriod, validPeriod, leads, batch, epochs, lr, loss, patience, seed, threads, outDir, resume,
        };
        command.SetAction(parse =>
        {
            TrainingOptions options;
            try
            {
                options = new TrainingOptions
                {
                    Archive = parse.GetValue(archive)!,
                    Target = parse.GetValue(target)!,
                    Inputs = parse.GetValue(inputs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Architecture = ParseArchitecture(parse.GetValue(arch)!),
                    Width = parse.GetValue(width),
                    Depth = parse.GetValue(depth),
                    UNetLayout = parse.GetValue(layout),
                    Blocks = parse.GetValue(blocks),
                    TrainPeriod = TimePeriod.Parse(parse.GetValue(trainPeriod)!),
                    ValidPeriod = TimePeriod.Parse(parse.GetValue(validPeriod)!),
                    Leads = CliParsing.ParseLeads(parse.GetValue(leads)!, "--leads"),
                    BatchSize = parse.GetValue(batch),
                    MaxEpochs = parse.GetValue(epochs),
                    LearningRate = parse.GetValue(lr),
                    Loss = parse.GetValue(loss)!.Equals("mse", StringComparison.OrdinalIgnoreCase) ? LossKind.Mse
                        : parse.GetValue(loss)!.Equals("l1", StringComparison.OrdinalIgnoreCase) ? LossKind.L1
                        : throw new FormatException($"--loss '{parse.GetValue(loss)}' is not l1 or mse."),
                    EarlyStoppingPatience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    OutputDirectory = parse.GetValue(outDir)!,
                    Resume = parse.GetValue(resume),
                }.Validate();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                error.WriteLine($"train: {ex.Message}");
                return 2;
            }

            return Run(options, output, error);
        });
        return command;
    }

    internal static int Run(TrainingOptions options, TextWriter output, TextWriter error)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"training {options.Architecture} {options.Target} ← {string.Join(", ", options.Inputs)} on {options.Archive}: train {options.TrainPeriod}, valid {options.ValidPeriod}");
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            output.WriteLine(p.Skipped?.Describe() ?? (p.ValidationLoss is double valid
                ? string.Create(c, $"epoch {p.Epoch}: train {p.TrainingLoss:F4}, valid {valid:F4}, lr {p.LearningRate:G3}, ETA ≤ {p.Remaining.TotalMinutes:F1} min")
                : string.Create(c, $"  epoch {p.Epoch} batch {p.Batch}/{p.Batches}: loss {p.TrainingLoss:F4}")));
        });
        try
        {
            TrainingResult result = Trainer.Train(options, progress);
            output.WriteLine(string.Create(c,
                $"best epoch {result.BestEpoch}{(result.BestEpoch == 0 ? " (the closed-form least-squares start)" : "")}, validation loss {result.BestValidationLoss:F4}{(result.StoppedEarly ? " (early stopping)" : "")}; " +
                $"{result.SamplesPerSecond:F0} samples/s; model in {result.ModelDirectory}"));
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidModelSpecException or Core.Formats.DataFileException or Core.Cycles.IncompleteCycleException or Core.Cycles.CycleDataException or KeyNotFoundException or TrainingDivergedException)
        {
            error.WriteLine($"train: {ex.Message}");
            return 1;
        }
    }

    private static Architecture ParseArchitecture(string text) => text.ToLowerInvariant() switch
    {
        "unet" => Architecture.UNet,
        "resnet" => Architecture.ResNet,
        "linear" => Architecture.Linear,
        _ => throw new FormatException($"--arch '{text}' is not unet, resnet or linear."),
    };
}
