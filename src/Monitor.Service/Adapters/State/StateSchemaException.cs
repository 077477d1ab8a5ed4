namespace Monitor.Service.Adapters.State;

/// <summary>A state database (under <c>data/state</c>) whose schema this build cannot use, e.g. one written by a newer version.</summary>
public sealed class StateSchemaException : Exception
{
    /// <summary>Creates the exception for <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="message">What is wrong and what to do, naming the file.</param>
    public StateSchemaException(string databasePath, string message)
        : base(message)
    {
        DatabasePath = databasePath;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StateSchemaException()
    {
        DatabasePath = string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StateSchemaException(string message)
        : base(message)
    {
        DatabasePath = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StateSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        DatabasePath = string.Empty;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }
}
