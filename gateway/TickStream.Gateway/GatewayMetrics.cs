using System.Diagnostics.Metrics;
using TickStream.Recovery;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// A gateway's counters and gauges as System.Diagnostics.Metrics instruments (meter <c>TickStream.Gateway</c>),
/// tagged with the client-facing endpoint; all observable, so nothing is added per frame.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "TickStream.Gateway";

    // The reason tag of each cause of a dropped upstream message, in snake case.
    private static readonly (FrameRejection Cause, string Reason)[] Reasons =
    [
        (FrameRejection.NoTopic, "no_topic"),
        (FrameRejection.BadTopic, "bad_topic"),
        (FrameRejection.TooShortForHeader, "too_short_for_header"),
        (FrameRejection.WrongSchema, "wrong_schema"),
        (FrameRejection.UnknownTemplate, "unknown_template"),
        (FrameRejection.BlockTooShort, "block_too_short"),
        (FrameRejection.TruncatedBlock, "truncated_block"),
        (FrameRejection.TruncatedGroup, "truncated_group"),
        (FrameRejection.TruncatedVarData, "truncated_var_data"),
        (FrameRejection.TopicMismatch, "topic_mismatch"),
        (FrameRejection.SymbolMismatch, "symbol_mismatch"),
        (FrameRejection.Multipart, "multipart"),
    ];

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
        {
            var measurements = new List<Measurement<long>>(Reasons.Length + 2);
            foreach (var (cause, reason) in Reasons)
            {
                measurements.Add(new Measurement<long>(c.RejectedBy(cause), endpoint, new("cause", "malformed"), new("reason", reason)));
            }

            measurements.Add(new Measurement<long>(c.SendFailures, endpoint, new("cause", "send_failed")));
            measurements.Add(new Measurement<long>(c.RepliesDropped, endpoint, new("cause", "reply_dropped")));
            return measurements;
        }, "{frame}", "Frames not passed on, by cause, and for malformed upstream messages by reason (ZeroMQ's per-client drops at the high-water mark are silent: clients see them as gaps)");
        _meter.CreateObservableCounter("upstream_disconnects", () => new Measurement<long>(c.UpstreamDisconnects, endpoint), "{disconnect}",
            "Upstream connections closed (an upstream stopped, or sent a message over the size limit, which ZeroMQ drops with the connection)");
        _meter.CreateObservableCounter("requests", () => new Measurement<long>(c.Requests, endpoint), "{request}", "Requests answered");
        _meter.CreateObservableGauge("sessions", () => new Measurement<long>(c.Sessions, endpoint), "{session}", "LOGIN sessions open now (each ends with its connection)");
        _meter.CreateObservableCounter("sessions_ended", () => new Measurement<long>(c.SessionsEnded, endpoint), "{session}", "Sessions ended because their connection ended or went silent");
        _meter.CreateObservableCounter("limit_refusals", () => new Measurement<long>(c.LimitRefusals, endpoint), "{request}", "Requests refused because the client would pass a limit (sessions, symbols per session)");
        var t = c.Transfers;
        _meter.CreateObservableCounter<long>("requests_by_kind", () =>
        {
            var kinds = Enum.GetValues<RequestKind>();
            var measurements = new List<Measurement<long>>(kinds.Length);
            foreach (var kind in kinds)
            {
                measurements.Add(new Measurement<long>(t.Requests(kind), endpoint, new("kind", kind.ToString().ToLowerInvariant())));
            }

            return measurements;
        }, "{request}", "Requests by kind (snapshot, list, replay, retransmit, credit, cancel, login, subscribe, other)");
        _meter.CreateObservableCounter("frames_retransmitted", () => new Measurement<long>(t.FramesRetransmitted, endpoint), "{frame}", "Frames sent in answer to RETRANSMIT");
        _meter.CreateObservableCounter("reply_messages", () => new Measurement<long>(t.MessagesSent, endpoint), "{message}", "Reply messages of transfers queued (each costs the client a credit)");
        _meter.CreateObservableCounter("retransmit_unavailable", () => new Measurement<long>(t.Unavailable, endpoint), "{request}", "RETRANSMIT requests for ranges neither the window nor the journal holds");
        _meter.CreateObservableCounter("requests_busy", () => new Measurement<long>(t.Busy, endpoint), "{request}", "Requests answered ERROR busy (a transfer open on the connection, or every transfer slot taken)");
        _meter.CreateObservableCounter("transfers_expired", () => new Measurement<long>(t.Expired, endpoint), "{transfer}", "Transfers closed after the idle timeout without credit");
        _meter.CreateObservableGauge("transfers_open", () => new Measurement<long>(t.Open, endpoint), "{transfer}", "Transfers open now");
        _meter.CreateObservableCounter("bad_requests", () => new Measurement<long>(c.BadRequests, endpoint), "{request}", "Requests answered with an error");
        _meter.CreateObservableCounter("rejected_subscriptions", () => new Measurement<long>(c.RejectedSubscriptions, endpoint), "{subscription}", "Subscriptions refused by entitlements");
        _meter.CreateObservableGauge("subscribers", () => new Measurement<long>(c.Subscriptions - c.Unsubscriptions, endpoint), "{subscription}", "Client subscriptions live now");
        _meter.CreateObservableGauge("cached_symbols", () => new Measurement<int>(engine.CachedSymbols, endpoint), "{symbol}", "Symbols in the last-value cache");
        _meter.CreateObservableGauge("last_upstream_frame_age", () => new Measurement<double>(c.LastFrameInAge.TotalSeconds, endpoint), "s", "Seconds since a frame came from upstream (heartbeats included)");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
