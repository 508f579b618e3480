using System.Security.Cryptography;

namespace TickStream.Gateway;

/// <summary>
/// Sessions opened by LOGIN: the request-service connection (CURVE-authenticated routing id) that logged in, bound
/// to the credential's grant, and a session id the client can quote in logs. Proxy thread only.
/// </summary>
internal sealed class SessionRegistry
{
    /// <summary>The most sessions kept; the oldest is forgotten beyond it, so LOGIN floods cannot grow memory.</summary>
    public const int MaxSessions = 100_000;

    private readonly Dictionary<string, EntitlementGrant> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Token, EntitlementGrant Grant)> _byConnection = new(StringComparer.Ordinal);
    private readonly Queue<(string Token, string Connection)> _order = new();

    public int Count => _byToken.Count;

    /// <summary>Opens a session for a connection and returns its token: 128 random bits in hex.</summary>
    public string Open(string connection, EntitlementGrant grant)
    {
        if (_order.Count >= MaxSessions && _order.TryDequeue(out var oldest))
        {
            _byToken.Remove(oldest.Token);

            // A connection that logged in again since holds a newer session: the oldest entry must not end it.
            if (_byConnection.TryGetValue(oldest.Connection, out var current) && current.Token == oldest.Token)
            {
                _byConnection.Remove(oldest.Connection);
            }
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _byToken[token] = grant;
        _byConnection[connection] = (token, grant);
        _order.Enqueue((token, connection));
        return token;
    }

    public bool TryGetByConnection(string connection, out EntitlementGrant? grant)
    {
        var found = _byConnection.TryGetValue(connection, out var session);
        grant = session.Grant;
        return found;
    }
}
