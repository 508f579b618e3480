namespace TickStream.Fuzzing;

/// <summary>A fuzz case broke a guarantee: the message says which and how.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Creates an empty finding.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Creates a finding.</summary>
    /// <param name="message">Which guarantee broke and how.</param>
    public FuzzFindingException(string message) : base(message)
    {
    }

    /// <summary>Creates a finding caused by an exception that escaped a library.</summary>
    /// <param name="message">Which guarantee broke and how.</param>
    /// <param name="inner">The escaped exception.</param>
    public FuzzFindingException(string message, Exception inner) : base(message, inner)
    {
    }
}
