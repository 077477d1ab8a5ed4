namespace Monitor.Core.Transfer.Training;

/// <summary>What a checkpoint remembers besides the weights and the optimiser: progress and the schedule's state.</summary>
/// <param name="Epoch">Last finished epoch.</param>
/// <param name="BestValidationLoss">Best validation loss so far.</param>
/// <param name="BestEpoch">Epoch of the best validation loss.</param>
/// <param name="EpochsWithoutImprovement">Epochs since the best.</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="History">Every finished epoch.</param>
public sealed record TrainingState(int Epoch, double BestValidationLoss, int BestEpoch, int EpochsWithoutImprovement, double LearningRate,
    IReadOnlyList<EpochRecord> History);
