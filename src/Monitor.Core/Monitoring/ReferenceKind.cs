namespace Monitor.Core.Monitoring;

/// <summary>Which state an explanation is measured from (see <see cref="ReferenceState"/>).</summary>
public enum ReferenceKind
{
    /// <summary>None: the prediction itself, the biases absorbing what the inputs do not carry (classic LRP).</summary>
    None,

    /// <summary>Every input at its training mean (0 after standardisation).</summary>
    TrainingMean,

    /// <summary>The climatological mean for the valid date and hour.</summary>
    Climatology,

    /// <summary>The previous cycle's forecast for the same valid time.</summary>
    PreviousCycle,

    /// <summary>The explained cycle's analysis (+0 h).</summary>
    Analysis,

    /// <summary>A state read from a file.</summary>
    File,
}
