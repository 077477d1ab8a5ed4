namespace Monitor.Core.Transfer.Training;

/// <summary>Where training is: reported after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="TrainingLoss">Mean training loss so far in this epoch (standardised units).</param>
/// <param name="ValidationLoss">Validation loss at the end of the epoch, else null.</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="Remaining">Estimated time to the last epoch (upper bound: early stopping may end sooner).</param>
public sealed record TrainingProgress(int Epoch, int Batch, int Batches, double TrainingLoss, double? ValidationLoss, double LearningRate, TimeSpan Remaining)
{
    /// <summary>
    /// Set once, before the first epoch, when samples were left out for missing data (counted, the first listed);
    /// that report carries no loss.
    /// </summary>
    public SkippedSamples? Skipped { get; init; }
}
