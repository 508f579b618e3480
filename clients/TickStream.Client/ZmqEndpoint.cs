namespace TickStream.Client;

/// <summary>
/// Checks a ZeroMQ endpoint before it reaches NetMQ, whose own errors for a malformed one are index or length
/// exceptions that do not say what is wrong (<c>tcp:/x</c>: "length ('-1') must be a non-negative value").
/// </summary>
public static class ZmqEndpoint
{
    /// <summary>What a well-formed endpoint looks like, for error messages.</summary>
    public const string Example = "an endpoint is transport://address, e.g. tcp://127.0.0.1:5555, tcp://*:5555 (bind), ipc:///run/feed or inproc://feed";

    /// <summary>Checks one endpoint.</summary>
    /// <param name="endpoint">The endpoint; a leading <c>@</c> (bind) or <c>&gt;</c> (connect) is allowed, as NetMQ allows it.</param>
    /// <param name="bind">Whether it is bound (a <c>*</c> host or port is allowed) rather than connected to.</param>
    /// <param name="error">Why it is not an endpoint, naming it; null when it is one.</param>
    /// <returns>Whether the endpoint is well formed.</returns>
    public static bool TryValidate(string? endpoint, bool bind, out string? error)
    {
        error = null;
        var text = endpoint ?? string.Empty;
        if (text.StartsWith('@') || text.StartsWith('>'))
        {
            bind = text[0] == '@';
            text = text[1..];
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || separator + 3 >= text.Length)
        {
            error = $"'{endpoint}' is not an endpoint: {Example}";
            return false;
        }

        var transport = text[..separator];
        var address = text[(separator + 3)..];
        switch (transport)
        {
            case "ipc" or "inproc" or "pgm" or "epgm":
                return true;
            case "tcp":
                return TryValidateTcp(endpoint!, address, bind, out error);
            default:
                error = $"'{endpoint}': unknown transport '{transport}' (tcp, ipc, inproc, pgm or epgm): {Example}";
                return false;
        }
    }

    private static bool TryValidateTcp(string endpoint, string address, bool bind, out string? error)
    {
        error = null;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            error = $"'{endpoint}': a tcp endpoint needs a host and a port, e.g. tcp://127.0.0.1:5555";
            return false;
        }

        var host = address[..colon];
        var port = address[(colon + 1)..];
        if (!bind && (host == "*" || port == "*"))
        {
            error = $"'{endpoint}': '*' binds; to connect, name the host and port, e.g. tcp://127.0.0.1:5555";
            return false;
        }

        if (port != "*" && (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number > 65535 || (number == 0 && !bind)))
        {
            error = $"'{endpoint}': '{port}' is not a port (1 to 65535{(bind ? ", or * or 0 for a free one" : string.Empty)})";
            return false;
        }

        return true;
    }
}
