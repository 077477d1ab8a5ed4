namespace Monitor.Core.Transfer.Training;

/// <summary>What training produced.</summary>
/// <param name="ModelDirectory">Where the best model was written.</param>
/// <param name="BestEpoch">Epoch of the best validation loss.</param>
/// <param name="BestValidationLoss">Best validation loss (standardised units).</param>
/// <param name="History">Every epoch.</param>
/// <param name="StoppedEarly">True when early stopping ended training.</param>
/// <param name="TrainingSamples">Samples per epoch.</param>
/// <param name="SamplesPerSecond">Training throughput (samples per second, forward + backward + step).</param>
/// <param name="Skipped">Training and validation samples left out for missing data (counted, the first listed).</param>
public sealed record TrainingResult(string ModelDirectory, int BestEpoch, double BestValidationLoss, IReadOnlyList<EpochRecord> History,
    bool StoppedEarly, int TrainingSamples, double SamplesPerSecond, SkippedSamples Skipped);
