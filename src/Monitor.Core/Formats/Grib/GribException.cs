namespace Monitor.Core.Formats.Grib;

/// <summary>
/// A GRIB file could not be read: ecCodes reported an error (<see cref="ErrorCode"/> and <see cref="EcCodesMessage"/>
/// carry it), or the file holds no GRIB message at all.
/// </summary>
public sealed class GribException : DataFileException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception for an ecCodes status code.</summary>
    /// <param name="filePath">The file concerned.</param>
    /// <param name="variable">The field (shortName) concerned, if known.</param>
    /// <param name="errorCode">The non-zero ecCodes status code.</param>
    /// <param name="operation">What was being done, e.g. <c>key 'values'</c>.</param>
    public GribException(string filePath, string? variable, int errorCode, string operation)
        : this(filePath, variable, errorCode, EcCodesNative.ErrorMessage(errorCode), operation)
    {
    }

    /// <summary>Creates the exception for a problem found by the reader itself, not reported by ecCodes.</summary>
    /// <param name="filePath">The file concerned.</param>
    /// <param name="variable">The field (shortName) concerned, if known.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="isTransient">True when the file may still be being written (e.g. it is empty).</param>
    public GribException(string filePath, string? variable, string detail, bool isTransient = false)
        : base(filePath, variable, detail)
    {
        _isTransient = isTransient;
    }

    private GribException(string filePath, string? variable, int errorCode, string ecCodesMessage, string operation)
        : base(filePath, variable, $"{operation}: ecCodes error {errorCode}: {ecCodesMessage}.")
    {
        ErrorCode = errorCode;
        EcCodesMessage = ecCodesMessage;
        _isTransient = errorCode == EcCodesNative.PrematureEndOfFile;
    }

    /// <summary>The ecCodes status code (negative), or null when the reader found the problem itself.</summary>
    public int? ErrorCode { get; }

    /// <summary>ecCodes' text for <see cref="ErrorCode"/>, or null when the reader found the problem itself.</summary>
    public string? EcCodesMessage { get; }

    /// <summary>True for a file that ends inside a message or is empty: it may still be being written.</summary>
    public override bool IsTransient => _isTransient;
}
