namespace Monitor.Core.Transfer.Training;

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="TrainingLoss">Mean training loss (standardised units).</param>
/// <param name="ValidationLoss">Validation loss (standardised units).</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochRecord(int Epoch, double TrainingLoss, double ValidationLoss, double LearningRate, double Seconds);
