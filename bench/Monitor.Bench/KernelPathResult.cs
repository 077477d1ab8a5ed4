namespace Monitor.Bench;

/// <summary>What one <see cref="KernelPathsChild"/> measured, as JSON on its result line.</summary>
internal sealed record KernelPathResult(string Kernels, double WorstRelativeError, double MatmulGflops, IReadOnlyList<KernelPathTiming> Timings);

/// <summary>Median times (ms) of one model on one grid.</summary>
internal sealed record KernelPathTiming(string Model, string Grid, double ForwardMs, double ExplainOneMs, double ExplainSixteenMs, double TrainStepMs);
