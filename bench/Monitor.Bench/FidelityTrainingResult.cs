namespace Monitor.Bench;

/// <summary>What a fidelity training run did.</summary>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="Samples">Training samples seen (each drawn once).</param>
/// <param name="Seconds">Wall time of the loop (s), sample generation included.</param>
/// <param name="Low">Per input channel, the smallest value of any training input (z^B's l).</param>
/// <param name="High">Per input channel, the largest value of any training input (z^B's h).</param>
/// <param name="Log">Mean training MSE over each tenth of the run, with the step reached and the elapsed seconds.</param>
internal sealed record FidelityTrainingResult(
    int Steps,
    int Samples,
    double Seconds,
    IReadOnlyList<double> Low,
    IReadOnlyList<double> High,
    IReadOnlyList<(int Step, double Loss, double Seconds)> Log);
