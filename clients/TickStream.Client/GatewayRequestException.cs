namespace TickStream.Client;

/// <summary>A gateway request failed: an ERROR reply (its text is the message) or no reply in time.</summary>
public sealed class GatewayRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayRequestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public GatewayRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="inner">The cause.</param>
    public GatewayRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
