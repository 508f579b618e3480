using System.Security.Cryptography;

namespace TickStream.Gateway;

/// <summary>
/// Sessions opened by LOGIN, one per request-service connection (routing id), bound to the credential's grant and
/// to a session id the client can quote in logs. A session lives exactly as long as its connection: the gateway
/// ends it when the ROUTER reports that connection's disconnect (<see cref="Close"/>), before the routing id can be
/// taken by another connection (docs/SECURITY.md). Proxy thread only.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly Dictionary<string, (string Token, EntitlementGrant Grant)> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => _byConnection.Count;

    /// <summary>Whether the connection has a session (a new LOGIN on it replaces it rather than adding one).</summary>
    public bool Contains(string connection) => _byConnection.ContainsKey(connection);

    /// <summary>Opens (or replaces) the session of a connection and returns its id: 128 random bits in hex.</summary>
    public string Open(string connection, EntitlementGrant grant)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _byConnection[connection] = (token, grant);
        return token;
    }

    /// <summary>Ends the session of a connection. Returns false when it had none.</summary>
    public bool Close(string connection) => _byConnection.Remove(connection);

    public bool TryGetByConnection(string connection, out EntitlementGrant? grant)
    {
        var found = _byConnection.TryGetValue(connection, out var session);
        grant = session.Grant;
        return found;
    }
}
