using System.Diagnostics;
using Monitor.Core.Cycles;
using Monitor.Core.Formats.NetCdf;
using Monitor.Core.Grids;
using Monitor.Core.Synthetic;
using Monitor.Core.Transfer;
using Monitor.Core.Transfer.Training;
using Monitor.Service.Options;
using SkiaSharp;
using Xunit.Abstractions;

namespace Monitor.Service.Tests.Cli;

/// <summary>A small synthetic archive and a U-Net trained for one epoch on it, shared by the explain tests.</summary>
public sealed class ExplainFixture : IDisposable
{
    private readonly TestDirectory _dir = new();

    public ExplainFixture()
    {
        Archive = _dir.File("archive");
        Model = _dir.File("model");
        var options = new GeneratorOptions
        {
            Grid = SyntheticGrids.Global5625,
            From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 1, 3, 18, 0, 0, DateTimeKind.Utc),
            LeadHours = [0, 6, 12],
            OutputDirectory = Archive,
        };
        ArchiveGenerator.Generate(options, GeographyBuilder.Build(options.Grid));
        Trainer.Train(new TrainingOptions
        {
            Archive = Archive,
            Target = "t2m",
            Inputs = ["tcc", "u10", "v10", "tisr", "orography"],
            Architecture = Architecture.UNet,
            Width = 4,
            Depth = 2,
            TrainPeriod = TimePeriod.Parse("2026-01-01..2026-01-02"),
            ValidPeriod = TimePeriod.Parse("2026-01-03..2026-01-03"),
            MaxEpochs = 1,
            OutputDirectory = Model,
        });
        Climatology = _dir.File("climatology");
        CliRun climatology = CliRun.InvokeAsync(new FixedTimeProvider(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero)),
            "climatology", "build", "--archive", Archive, "--out", Climatology, "--variables", "t2m,tcc,u10,v10,tisr").GetAwaiter().GetResult();
        if (climatology.ExitCode != 0)
        {
            throw new InvalidOperationException($"climatology build failed: {climatology.Error}");
        }
    }

    public string Archive { get; }

    /// <summary>A percentile climatology of the inputs (and t2m), the explanations' default reference state.</summary>
    public string Climatology { get; }

    public string Model { get; }

    public string Cycle => Path.Combine(Archive, "2026010312");

    public string File(string name) => _dir.File(name);

    /// <summary>
    /// The same cycle without the model's target (t2m) or the 10 m wind's absence mattering: only the inputs, written
    /// into a cycle folder of its own — what a V2V model exists for.
    /// </summary>
    public string TargetlessCycle()
    {
        string folder = _dir.File(Path.Combine("targetless", "2026010312"));
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            CycleData data = new CycleAssembler().Assemble(CycleId.Parse("2026010312"), CycleFolder.DataFiles(Cycle),
                [new("tcc"), new("u10"), new("v10"), new("tisr")]).Data;
            NetCdfCycleWriter.Write(data, Path.Combine(folder, "fc_2026010312.nc"));
        }

        return folder;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// <c>v2vmonitor explain</c> end to end on a trained model: the netCDF read back by ncdump (an independent tool) has one
/// relevance variable per input with the rule, selector and reference recorded; the PNG decodes; the error selector
/// records its reference; a mask file written by ncgen selects cells; bad requests get messages naming the problem.
/// </summary>
public sealed class ExplainCommandTests(ExplainFixture fixture, ITestOutputHelper output) : IClassFixture<ExplainFixture>
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Region_WritesRelevancePerInput_AndAPanel()
    {
        string nc = fixture.File("region.nc"), png = fixture.File("region.png");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
            "--region", "40,55,0,20", "--climatology", fixture.Climatology, "--out", nc, "--png", png);
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("area mean of t2m over 40..55N, 0..20E", run.Output, StringComparison.Ordinal);
        Assert.Contains("relative to the climatological mean for 03 Jan 18 UTC", run.Output, StringComparison.Ordinal);
        Assert.Contains("footprint:", run.Output, StringComparison.Ordinal);
        string header = Ncdump("-h", nc);
        foreach (string input in new[] { "tcc", "u10", "v10", "tisr", "orography" })
        {
            Assert.Contains($"float relevance_{input}(latitude, longitude)", header, StringComparison.Ordinal);
        }

        Assert.Contains($":rule = \"{ServiceDefaults.Composite}\"", header, StringComparison.Ordinal);
        Assert.Contains(":selector = \"region\"", header, StringComparison.Ordinal);
        Assert.Contains(":relative_to = \"the climatological mean for 03 Jan 18 UTC\"", header, StringComparison.Ordinal);
        Assert.Contains(":reference_state = \"climatology\"", header, StringComparison.Ordinal);
        Assert.Contains($":method = \"lrp ({ServiceDefaults.Composite})\"", header, StringComparison.Ordinal);
        Assert.Contains(":area_weighted = \"true\"", header, StringComparison.Ordinal);
        Assert.Contains("float reference_prediction(latitude, longitude)", header, StringComparison.Ordinal);
        // The default composite keeps the factor x at the input: LRP-0 on the first convolution.
        Assert.Contains("stem_first.conv=lrp-0;", header, StringComparison.Ordinal);
        Assert.Contains(":zbox_bounds_source = \"unused\"", header, StringComparison.Ordinal);

        // The written maps add up to the input relevance the file reports.
        using NetCdfFile file = NetCdfFile.Open(nc);
        double total = new[] { "tcc", "u10", "v10", "tisr", "orography" }.Sum(i => file.ReadAllDouble(file.Variable($"relevance_{i}")).Sum());
        double reported = file.GlobalAttributes["input_relevance"].Numbers[0];
        Assert.Equal(reported, total, Math.Abs(reported) * 1e-5 + 1e-9);
        Assert.Equal(12, file.ReadAllDouble(file.Variable("selection_mask")).Count(v => v == 1));

        // What is explained is the area mean of ŷ − ŷ_ref over the region, in standardised units: the starting relevance
        // equals the file's two predictions' difference, weighted by cell area and divided by the target's σ.
        double outputRelevance = file.GlobalAttributes["output_relevance"].Numbers[0];
        double[] mask = file.ReadAllDouble(file.Variable("selection_mask"));
        double[] prediction = file.ReadAllDouble(file.Variable("prediction")), reference = file.ReadAllDouble(file.Variable("reference_prediction"));
        double[] latitudes = file.ReadAllDouble(file.Variable("latitude"));
        double weighted = 0, weights = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 1)
            {
                double w = Math.Cos(latitudes[i / 64] * Math.PI / 180);
                weighted += w * (prediction[i] - reference[i]);
                weights += w;
            }
        }

        double sigma = TransferModel.Load(fixture.Model) is var model ? model.Spec.Standardisation["t2m"].StandardDeviation[0] : 0;
        output.WriteLine($"area mean of ŷ − ŷ_ref {weighted / weights:G5} K = {weighted / weights / sigma:G5} σ; output relevance {outputRelevance:G5}");
        Assert.Equal(weighted / weights / sigma, outputRelevance, (Math.Abs(outputRelevance) * 2e-3) + 1e-6);

        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width > 400 && bitmap.Height > 300, $"{bitmap.Width}×{bitmap.Height}");
    }

    [Fact]
    public async Task RegionAcrossGreenwich_SharedScale_DrawsAZoomedPanel()
    {
        string nc = fixture.File("greenwich.nc"), png = fixture.File("greenwich.png");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
            "--region", "40,55,350,20", "--reference", "analysis", "--out", nc, "--png", png, "--shared-scale");

        Assert.True(run.ExitCode == 0, run.Error);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        // Six inputs would take 3 × 590 px on the whole 0…360° grid; zoomed, the same tiles are narrower or as wide.
        Assert.True(bitmap.Width <= 3 * 590 && bitmap.Height > 300, $"{bitmap.Width}×{bitmap.Height}");
        // Two title lines: the second names the method and the reference state.
        int darkRows = Enumerable.Range(40, 36).Count(y => Enumerable.Range(0, bitmap.Width).Any(x => bitmap.GetPixel(x, y).Red < 100));
        Assert.True(darkRows > 8, $"only {darkRows} rows of the second title line have text");
    }

    [Fact]
    public async Task ErrorSelector_RecordsWhatItComparesWith()
    {
        string nc = fixture.File("error.nc");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "12",
            "--cell", "48,10", "--selector", "error", "--rule", "layer-depth", "--reference", "none", "--out", nc);

        Assert.True(run.ExitCode == 0, run.Error);
        string header = Ncdump("-h", nc);
        Assert.Contains(":selector = \"error\"", header, StringComparison.Ordinal);
        Assert.Contains(""":relative_to = "0 (the prediction itself), signed away from the forecast\'s own t2m" ;""", header, StringComparison.Ordinal); // ncdump escapes the apostrophe
        Assert.Contains("float comparison(latitude, longitude)", header, StringComparison.Ordinal);
        Assert.DoesNotContain("reference_prediction", header, StringComparison.Ordinal);
        Assert.Contains(":rule = \"layer-depth\"", header, StringComparison.Ordinal);
        Assert.Contains(":zbox_bounds_source = \"model\"", header, StringComparison.Ordinal); // train records the extremes
    }

    [Fact]
    public async Task MaskFile_FromNcgen_SelectsItsCells()
    {
        // A 32 × 64 mask on the W1 grid with exactly two non-zero cells, written by ncgen.
        string cdl = fixture.File("mask.cdl"), maskFile = fixture.File("mask.nc"), nc = fixture.File("mask-out.nc");
        var values = new int[32 * 64];
        values[(7 * 64) + 1] = 1;
        values[(7 * 64) + 2] = 1;
        double[] lats = Enumerable.Range(0, 32).Select(r => 87.1875 - (5.625 * r)).ToArray();
        double[] lons = Enumerable.Range(0, 64).Select(c => 5.625 * c).ToArray();
        File.WriteAllText(cdl, $$"""
            netcdf mask {
            dimensions: lat = 32 ; lon = 64 ;
            variables:
              double lat(lat) ; lat:units = "degrees_north" ;
              double lon(lon) ; lon:units = "degrees_east" ;
              float region(lat, lon) ;
            data:
              lat = {{string.Join(", ", lats.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}} ;
              lon = {{string.Join(", ", lons.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}} ;
              region = {{string.Join(", ", values)}} ;
            }
            """);
        Run("ncgen", $"-o {maskFile} {cdl}");

        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "0",
            "--mask", maskFile, "--reference", "training-mean", "--out", nc);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(2 cells)", run.Output, StringComparison.Ordinal);
        using NetCdfFile file = NetCdfFile.Open(nc);
        double[] mask = file.ReadAllDouble(file.Variable("selection_mask"));
        Assert.Equal([(7 * 64) + 1, (7 * 64) + 2], Enumerable.Range(0, mask.Length).Where(i => mask[i] == 1).ToArray());
    }

    [Fact]
    public async Task ACycleWithoutTheTarget_IsExplainedAndPredicted_ButNotComparedWithIt()
    {
        string cycle = fixture.TargetlessCycle(), nc = fixture.File("targetless.nc");
        Assert.DoesNotContain("t2m", Run("ncdump", $"-h {CycleFolder.DataFiles(cycle)[0]}"), StringComparison.Ordinal);

        CliRun explain = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", cycle, "--lead", "6",
            "--region", "40,55,0,20", "--climatology", fixture.Climatology, "--out", nc);
        CliRun predict = await CliRun.InvokeAsync(Time, "predict", "--model", fixture.Model, "--cycle", cycle);
        CliRun deviation = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", cycle, "--lead", "6",
            "--region", "40,55,0,20", "--selector", "error", "--climatology", fixture.Climatology, "--out", fixture.File("targetless-error.nc"));

        Assert.True(explain.ExitCode == 0, explain.Error);
        Assert.Contains("float relevance_tcc(latitude, longitude)", Ncdump("-h", nc), StringComparison.Ordinal);
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Contains("(the cycle has no t2m of its own to compare with)", predict.Output, StringComparison.Ordinal);
        Assert.Equal(3, predict.Output.Split('\n').Count(l => l.TrimStart().StartsWith('+') && l.TrimEnd().EndsWith('–')));
        Assert.Equal(1, deviation.ExitCode);
        Assert.Contains("2026010312 is incomplete", deviation.Error, StringComparison.Ordinal);
        Assert.Contains("t2m at +0 h", deviation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnArchiveSample_IsExplainedAndPredictedAsItsCycleFolderIs()
    {
        string viaFolder = fixture.File("via-folder.nc"), viaArchive = fixture.File("via-archive.nc");
        string[] region = ["--lead", "6", "--region", "40,55,0,20", "--reference", "previous"];

        CliRun folder = await CliRun.InvokeAsync(Time, ["explain", "--model", fixture.Model, "--cycle", fixture.Cycle, .. region, "--out", viaFolder]);
        CliRun archive = await CliRun.InvokeAsync(Time, ["explain", "--model", fixture.Model, "--archive", fixture.Archive, "--time", "2026-01-03T12", .. region, "--out", viaArchive]);
        CliRun predictFolder = await CliRun.InvokeAsync(Time, "predict", "--model", fixture.Model, "--cycle", fixture.Cycle);
        CliRun predictArchive = await CliRun.InvokeAsync(Time, "predict", "--model", fixture.Model, "--archive", fixture.Archive, "--time", "2026010312");
        CliRun both = await CliRun.InvokeAsync(Time, ["explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--archive", fixture.Archive, "--time", "2026010312", .. region, "--out", fixture.File("both.nc")]);
        CliRun absent = await CliRun.InvokeAsync(Time, "predict", "--model", fixture.Model, "--archive", fixture.Archive, "--time", "2026-02-01T00");

        Assert.True(archive.ExitCode == 0, archive.Error);
        Assert.Equal(WithoutCost(folder.Output.Replace(viaFolder, "OUT", StringComparison.Ordinal)), WithoutCost(archive.Output.Replace(viaArchive, "OUT", StringComparison.Ordinal)));
        using (NetCdfFile a = NetCdfFile.Open(viaFolder), b = NetCdfFile.Open(viaArchive))
        {
            Assert.Equal(a.ReadAllDouble(a.Variable("relevance_tcc")), b.ReadAllDouble(b.Variable("relevance_tcc")));
        }

        Assert.True(predictArchive.ExitCode == 0, predictArchive.Error);
        Assert.Equal(predictFolder.Output, predictArchive.Output);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give --cycle FOLDER, or --archive A with --time T", both.Error, StringComparison.Ordinal);
        Assert.Equal(1, absent.ExitCode);
        Assert.Contains("2026020100", absent.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("previous", "cycle 2026010306 at +12 h (the same valid time)")]
    [InlineData("analysis", "the analysis of cycle 2026010312 (+0 h)")]
    public async Task EarlierStates_AreNamedAsTheReference(string reference, string description)
    {
        string nc = fixture.File($"{reference}.nc");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
            "--region", "40,55,0,20", "--reference", reference, "--out", nc);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"relative to {description}", run.Output, StringComparison.Ordinal);
        string header = Ncdump("-h", nc);
        Assert.Contains($":reference_state = \"{reference}\"", header, StringComparison.Ordinal);
        Assert.Contains($":reference_state_description = \"{description}\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReferenceFile_IsReadAtTheExplainedValidTime_AndItsOwnStateExplainsNothing()
    {
        // The file holds the cycle's own inputs at the explained valid time (+6 h of 2026-01-03 12 UTC), written by the
        // project's writer as a cycle initialised at 18 UTC: relevance against itself is exactly zero.
        CycleData data = new CycleAssembler().Assemble(CycleId.Parse("2026010312"), CycleFolder.DataFiles(fixture.Cycle),
            [new("tcc"), new("u10"), new("v10"), new("tisr")]).Data;
        int lead = data.LeadHours.ToList().IndexOf(6), cells = data.Grid.CellCount;
        float[] values = data.Values.Slice(lead * data.Variables.Count * cells, data.Variables.Count * cells).ToArray();
        var state = new CycleData(CycleId.Parse("2026010318"), data.Grid, [0], data.Variables, values, data.Statics);
        string file = fixture.File("state-18z.nc"), nc = fixture.File("against-itself.nc");
        NetCdfCycleWriter.Write(state, file);

        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
            "--region", "40,55,0,20", "--reference", file, "--out", nc);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("relative to the state in state-18z.nc", run.Output, StringComparison.Ordinal);
        using NetCdfFile explanation = NetCdfFile.Open(nc);
        Assert.Equal(0, explanation.GlobalAttributes["output_relevance"].Numbers[0]);
        Assert.All(explanation.ReadAllDouble(explanation.Variable("relevance_tcc")), r => Assert.Equal(0, r));
    }

    [Theory]
    [InlineData("integrated-gradients", 0.05)]
    [InlineData("gradient-x-input", double.PositiveInfinity)]
    [InlineData("occlusion", double.PositiveInfinity)]
    public async Task Methods_AttributeTheSameDeviation(string method, double completeness)
    {
        string nc = fixture.File($"{method}.nc");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "6",
            "--region", "40,55,0,20", "--climatology", fixture.Climatology, "--method", method, "--out", nc);
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"method {method}", run.Output, StringComparison.Ordinal);
        using NetCdfFile file = NetCdfFile.Open(nc);
        double outputRelevance = file.GlobalAttributes["output_relevance"].Numbers[0], inputRelevance = file.GlobalAttributes["input_relevance"].Numbers[0];
        Assert.True(outputRelevance != 0);
        Assert.Contains(":method = \"" + method, Ncdump("-h", nc), StringComparison.Ordinal);
        // Integrated gradients is complete: the inputs' relevance sums to the explained deviation up to the path's
        // Riemann sum (32 steps); the other two carry no such guarantee.
        Assert.True(Math.Abs(inputRelevance - outputRelevance) <= completeness * Math.Abs(outputRelevance),
            $"inputs {inputRelevance:G5}, output {outputRelevance:G5}");
    }

    [Fact]
    public async Task ExplanationFile_RecordsTheVerifiedKernels()
    {
        string nc = fixture.File("kernels.nc");
        CliRun run = await CliRun.InvokeAsync(Time, "explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--lead", "0",
            "--cell", "48,10", "--reference", "analysis", "--out", nc);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($":convolution_kernels = \"{Monitor.Core.Runtime.TorchRuntime.Kernels.Name}\"", Ncdump("-h", nc), StringComparison.Ordinal);
        Assert.Contains("\"kernels\": \"", File.ReadAllText(Path.Combine(fixture.Model, "model.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lead 5 --region 40,55,0,20 --reference none", "no lead +5 h")]
    [InlineData("--lead 6 --region 40,55 --reference none", "--region takes lat0,lat1,lon0,lon1")]
    [InlineData("--lead 6 --region 40,55,0,20 --cell 48,10", "exactly one of --region, --cell and --mask")]
    [InlineData("--lead 6 --region 40,55,0,20 --rule gama --reference none", "'gama' is neither a composite")]
    [InlineData("--lead 6 --region 89.9,89.95,0,1 --reference none", "contains no cell centre")]
    [InlineData("--lead 6 --region 40,55,0,20 --selector errors", "--selector must be output, normalised or error")]
    [InlineData("--lead 6 --region 40,55,0,20", "--reference climatology (the default) needs --climatology DIR")]
    [InlineData("--lead 6 --region 40,55,0,20 --reference yesterday", "--reference must be climatology, previous, analysis, training-mean, none or an existing file; got 'yesterday'")]
    [InlineData("--lead 6 --region 40,55,0,20 --reference training-mean --method shap", "Unknown explanation method 'shap'")]
    [InlineData("--lead 6 --region 40,55,0,20 --reference training-mean --rule epsilon-gamma-box", "uses z^B")]
    public async Task BadRequests_AreNamed(string arguments, string expected)
    {
        string[] args = ["explain", "--model", fixture.Model, "--cycle", fixture.Cycle, "--out", fixture.File("bad.nc"), .. arguments.Split(' ')];
        CliRun run = await CliRun.InvokeAsync(Time, args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.File("bad.nc")));
    }

    private static string Ncdump(string options, string path) => Run("ncdump", $"{options} {path}");

    /// <summary>The output without its timing line, which differs from run to run.</summary>
    private static string WithoutCost(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("  cost:", StringComparison.Ordinal)));

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string text = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {arguments}: {error}");
        return text;
    }
}
