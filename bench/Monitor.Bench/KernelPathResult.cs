namespace Monitor.Bench;

/// <summary>What one <see cref="KernelPathsChild"/> measured, as JSON on its result line.</summary>
internal sealed record KernelPathResult(string Kernels, double WorstRelativeError, double MatmulGflops, IReadOnlyList<KernelPathTiming> Timings);

/// <summary>Median times (ms) of one model on one grid; <c>CreateMs</c>: creating the model, which verifies the kernels at its layer shapes.</summary>
internal sealed record KernelPathTiming(string Model, string Grid, double CreateMs, double ForwardMs, double ExplainOneMs, double ExplainSixteenMs, double TrainStepMs);
