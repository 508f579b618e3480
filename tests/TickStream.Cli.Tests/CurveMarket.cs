using NetMQ;
using TickStream.FeedHandler;
using TickStream.Gateway;

namespace TickStream.Cli.Tests;

/// <summary>A running synthetic feed behind a CurveZMQ gateway (entitled or not), with its public key in a file.</summary>
internal sealed class CurveMarket : IDisposable
{
    private readonly TempDirectory _files = new();
    private readonly FeedEngine _feed;

    public CurveMarket(bool entitlements, params string[] symbols)
    {
        KeyFile = CurveCertificateFile.WritePair(Server, _files.PathOf("server.key"));
        _feed = Market.StartFeed(2_000, symbols);
        Gateway = Market.StartGateway(_feed.Endpoint, Server, entitlements);
        _feed.StartSources();
    }

    public NetMQCertificate Server { get; } = new();

    /// <summary>The gateway's public certificate file.</summary>
    public string KeyFile { get; }

    public GatewayEngine Gateway { get; }

    /// <summary>A path in the market's temporary folder.</summary>
    public string PathOf(string name) => _files.PathOf(name);

    public void Dispose()
    {
        Gateway.Dispose();
        _feed.Dispose();
        _files.Dispose();
    }
}
