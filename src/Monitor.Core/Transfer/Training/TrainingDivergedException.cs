namespace Monitor.Core.Transfer.Training;

/// <summary>
/// Training met a NaN or an infinity — in the standardised data (an infinite value; missing values are masked), the
/// loss, the gradients or the weights — and stopped; the message names the epoch (and batch) and the cause. The last
/// checkpoint written stays valid.
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
