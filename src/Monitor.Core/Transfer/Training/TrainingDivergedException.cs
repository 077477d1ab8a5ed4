namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Training met a NaN or infinite loss and stopped before it could change the weights or write anything: the message
/// names the epoch, the batch and the likely cause (missing values in the data, or divergence).
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
