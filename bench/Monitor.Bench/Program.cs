using Monitor.Bench;

// Verbs: netcdf-decode, conv-allocator, kernel-paths, transfer-forward, synthetic, fidelity, fidelity2, stride, physics, alerts-season, relevance-speed, reference-cost, conv-adjoint, tsne, eof, climatology, cycle, cycle-memory, spool-throughput, all (and the hidden conv-allocator-child and kernel-paths-child). See bench/README.md.
string verb = args.Length > 0 ? args[0] : "all";
string[] rest = args.Length > 0 ? args[1..] : [];
try
{
    switch (verb)
    {
        case "netcdf-decode":
        {
            BenchArguments options = BenchArguments.Parse(rest, NetCdfOptions);
            MachineReport.Print();
            NetCdfDecodeBenchmark.Run(options);
            break;
        }

        case "conv-allocator":
        {
            BenchArguments options = BenchArguments.Parse(rest, ConvOptions);
            MachineReport.Print();
            ConvAllocatorBenchmark.Run(options);
            break;
        }

        case "transfer-forward":
        {
            BenchArguments options = BenchArguments.Parse(rest, ConvOptions);
            MachineReport.Print();
            TransferForwardBenchmark.Run(options);
            break;
        }

        case "synthetic":
        {
            BenchArguments options = BenchArguments.Parse(rest, SyntheticOptions);
            MachineReport.Print();
            SyntheticBenchmark.Run(options);
            break;
        }

        case "fidelity":
        {
            BenchArguments options = BenchArguments.Parse(rest, FidelityBenchmark.Options);
            MachineReport.Print();
            FidelityBenchmark.Run(options);
            break;
        }

        case "fidelity2":
        {
            BenchArguments options = BenchArguments.Parse(rest, Fidelity2Benchmark.Options);
            MachineReport.Print();
            Fidelity2Benchmark.Run(options);
            break;
        }

        case "stride":
        {
            BenchArguments options = BenchArguments.Parse(rest, StrideArtefactBenchmark.Options);
            MachineReport.Print();
            StrideArtefactBenchmark.Run(options);
            break;
        }

        case "alerts-season":
        {
            BenchArguments options = BenchArguments.Parse(rest, AlertsSeasonBenchmark.Options);
            MachineReport.Print();
            AlertsSeasonBenchmark.Run(options);
            break;
        }

        case "physics":
        {
            BenchArguments options = BenchArguments.Parse(rest, PhysicsBenchmark.Options);
            MachineReport.Print();
            PhysicsBenchmark.Run(options);
            break;
        }

        case "relevance-speed":
        {
            BenchArguments options = BenchArguments.Parse(rest, RelevanceSpeedBenchmark.Options);
            MachineReport.Print();
            RelevanceSpeedBenchmark.Run(options);
            break;
        }

        case "reference-cost":
        {
            BenchArguments options = BenchArguments.Parse(rest, ReferenceCostBenchmark.Options);
            MachineReport.Print();
            ReferenceCostBenchmark.Run(options);
            break;
        }

        case "conv-adjoint":
        {
            BenchArguments options = BenchArguments.Parse(rest, ConvAdjointBenchmark.Options);
            MachineReport.Print();
            ConvAdjointBenchmark.Run(options);
            break;
        }

        case "tsne":
        {
            BenchArguments options = BenchArguments.Parse(rest, TsneBenchmark.Options);
            MachineReport.Print();
            TsneBenchmark.Run(options);
            break;
        }

        case "eof":
        {
            BenchArguments options = BenchArguments.Parse(rest, EofBenchmark.Options);
            MachineReport.Print();
            EofBenchmark.Run(options);
            break;
        }

        case "climatology":
        {
            BenchArguments options = BenchArguments.Parse(rest, ClimatologyBenchmark.Options);
            MachineReport.Print();
            ClimatologyBenchmark.Run(options);
            break;
        }

        case "cycle":
        {
            BenchArguments options = BenchArguments.Parse(rest, CycleBenchmark.Options);
            MachineReport.Print();
            CycleBenchmark.Run(options);
            break;
        }

        case "cycle-memory":
        {
            BenchArguments options = BenchArguments.Parse(rest, CycleMemoryBenchmark.Options);
            MachineReport.Print();
            CycleMemoryBenchmark.Run(options);
            break;
        }

        case "spool-throughput":
        {
            BenchArguments options = BenchArguments.Parse(rest, SpoolThroughputBenchmark.Options);
            MachineReport.Print();
            SpoolThroughputBenchmark.Run(options);
            break;
        }

        case "kernel-paths":
        {
            BenchArguments options = BenchArguments.Parse(rest, KernelPathsBenchmark.Options);
            MachineReport.Print();
            KernelPathsBenchmark.Run(options);
            break;
        }

        case KernelPathsBenchmark.ChildVerb:
            KernelPathsChild.Run(BenchArguments.Parse(rest, KernelPathsBenchmark.Options));
            break;

        case ConvAllocatorBenchmark.ChildVerb:
            ConvAllocatorChild.Run(BenchArguments.Parse(rest, ConvOptions));
            break;

        case "all":
        {
            BenchArguments options = BenchArguments.Parse(rest, NetCdfOptions);
            MachineReport.Print();
            Console.WriteLine("## netcdf-decode");
            Console.WriteLine();
            NetCdfDecodeBenchmark.Run(options);
            Console.WriteLine("## conv-allocator");
            Console.WriteLine();
            ConvAllocatorBenchmark.Run(BenchArguments.Parse([]));
            break;
        }

        default:
            Console.Error.WriteLine($"Unknown verb '{verb}'. Use: netcdf-decode [--dir DIR] [--leads 13] [--vars 10] [--repeat 3] | " +
                                    "conv-allocator [--warmup 3] [--repeat 10] | kernel-paths [--warmup 1] [--repeat 3] | transfer-forward [--warmup 2] [--repeat 5] | " +
                                    "synthetic [--dir DIR] [--repeat 3] | eof [--years 20] [--modes 7] [--repeat 3] | climatology [--dir DIR] [--days 365] [--block-rows 16] | fidelity [--train 40000] [--samples 200] [--seed 1] … | " +
                                    "tsne [--states 10000] [--dims 50] [--perplexity 30] [--iterations 1000] [--jobs 2] [--peer sklearn|none] | " +
                                    "cycle [--workloads w1,w2] [--warmup 1] [--repeat 3] | cycle-memory [--cycles 100] [--warmup 2] | spool-throughput [--cycles 8] [--warmup 1] [--repeat 5] | all");
            return 2;
    }

    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

internal static partial class Program
{
    private static readonly string[] NetCdfOptions = ["dir", "leads", "vars", "repeat"];
    private static readonly string[] ConvOptions = ["warmup", "repeat"];
    private static readonly string[] SyntheticOptions = ["dir", "repeat"];
}
