namespace TickStream.Cli.Watch;

/// <summary>What <c>tickstream watch</c> was asked to do.</summary>
internal sealed record WatchSettings
{
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>Symbols to watch; empty for everything.</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    public bool Raw { get; init; }

    public WatchFormat Format { get; init; } = WatchFormat.Text;

    public bool Latency { get; init; }

    public string? HgrmPath { get; init; }

    /// <summary>Zero: until cancelled.</summary>
    public TimeSpan Duration { get; init; }

    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Warn when nothing at all arrived within this long.</summary>
    public TimeSpan SilenceWarning { get; init; } = TimeSpan.FromSeconds(5);

    public int ReceiveHighWatermark { get; init; } = 1_000_000;

    /// <summary>The loopback port of the metrics and health endpoint; none when null.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>The request endpoint to repair gaps from; no repair when null.</summary>
    public string? RequestEndpoint { get; init; }

    /// <summary>The request service's Z85 CurveZMQ public key; plain when null.</summary>
    public string? RequestServerKey { get; init; }

    /// <summary>Stop after this many frames, heartbeats and stream starts included; 0: no limit.</summary>
    public long Count { get; init; }

    /// <summary>The gateway's Z85 CurveZMQ public key for the stream; plain when null.</summary>
    public string? ServerKey { get; init; }

    /// <summary>This client's CurveZMQ key pair; a fresh one when null.</summary>
    public NetMQ.NetMQCertificate? ClientCertificate { get; init; }

    /// <summary>The credential to log in with on <see cref="RequestEndpoint"/>, streaming the entitled symbols from there; none when null.</summary>
    public string? Credential { get; init; }
}
