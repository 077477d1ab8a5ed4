namespace Monitor.Core.Relevance;

/// <summary>
/// The relevance engine disagreed with an independent computation (the network itself, a layer's forward map, or a
/// float64 gradient): a wrong kernel or a wrong graph. The message names the layer or check and the error.
/// </summary>
public sealed class RelevanceSelfCheckException(string message) : Exception(message);
