namespace TickStream.Journal;

/// <summary>
/// A journal directory or file cannot be used; the message says which path and why. Thrown only when opening
/// (missing or empty directory, foreign or torn segment header, a second writer, an identity mismatch); problems
/// found while reading records are reported as <see cref="JournalProblem"/>s instead.
/// </summary>
public sealed class JournalException : Exception
{
    /// <summary>Creates the exception without a message.</summary>
    public JournalException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the I/O error behind it.</summary>
    public JournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
