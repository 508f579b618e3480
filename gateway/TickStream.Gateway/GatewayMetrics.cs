using System.Diagnostics.Metrics;

namespace TickStream.Gateway;

/// <summary>
/// A gateway's counters and gauges as System.Diagnostics.Metrics instruments (meter <c>TickStream.Gateway</c>),
/// tagged with the client-facing endpoint; all observable, so nothing is added per frame.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "TickStream.Gateway";

    private readonly Meter _meter = new(MeterName, "1.0");

    /// <summary>Creates the instruments over a started gateway.</summary>
    /// <param name="engine">The gateway.</param>
    public GatewayMetrics(GatewayEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var endpoint = new KeyValuePair<string, object?>("endpoint", engine.PublishEndpoint);
        var c = engine.Counters;
        _meter.CreateObservableCounter("frames_in", () => new Measurement<long>(c.FramesIn, endpoint), "{frame}", "Frames received from upstream");
        _meter.CreateObservableCounter("frames_out", () => new Measurement<long>(c.FramesOut, endpoint), "{frame}", "Frames handed to the client-facing socket");
        _meter.CreateObservableCounter<long>("dropped", () =>
        [
            new Measurement<long>(c.Malformed, endpoint, new("cause", "malformed")),
            new Measurement<long>(c.SendFailures, endpoint, new("cause", "send_failed")),
            new Measurement<long>(c.RepliesDropped, endpoint, new("cause", "reply_dropped")),
        ], "{frame}", "Frames not passed on, by cause (ZeroMQ's per-client drops at the high-water mark are silent: clients see them as gaps)");
        _meter.CreateObservableCounter("requests", () => new Measurement<long>(c.Requests, endpoint), "{request}", "Requests answered");
        _meter.CreateObservableCounter("bad_requests", () => new Measurement<long>(c.BadRequests, endpoint), "{request}", "Requests answered with an error");
        _meter.CreateObservableCounter("rejected_subscriptions", () => new Measurement<long>(c.RejectedSubscriptions, endpoint), "{subscription}", "Subscriptions refused by entitlements");
        _meter.CreateObservableGauge("subscribers", () => new Measurement<long>(c.Subscriptions - c.Unsubscriptions, endpoint), "{subscription}", "Client subscriptions live now");
        _meter.CreateObservableGauge("cached_symbols", () => new Measurement<int>(engine.CachedSymbols, endpoint), "{symbol}", "Symbols in the last-value cache");
        _meter.CreateObservableGauge("last_upstream_frame_age", () => new Measurement<double>(c.LastFrameInAge.TotalSeconds, endpoint), "s", "Seconds since a frame came from upstream (heartbeats included)");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
