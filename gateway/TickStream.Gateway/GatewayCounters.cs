using System.Runtime.InteropServices;
using TickStream.Recovery;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// What a gateway has done, readable from any thread while the proxy thread writes. ZeroMQ drops silently per
/// client pipe at the send high-water mark, so a slow client's losses are not visible here: the client sees them
/// as sequence gaps (docs/GATEWAY.md).
/// </summary>
public sealed class GatewayCounters
{
    private PaddedCounter _framesIn;
    private PaddedCounter _framesOut;
    private PaddedCounter _malformed;
    private PaddedCounter _sendFailures;
    private PaddedCounter _subscriptions;
    private PaddedCounter _unsubscriptions;
    private PaddedCounter _rejectedSubscriptions;
    private PaddedCounter _requests;
    private PaddedCounter _badRequests;
    private PaddedCounter _repliesDropped;
    private PaddedCounter _lastFrameInTick = new() { Value = Environment.TickCount64 };
    private PaddedCounter _logins;
    private PaddedCounter _failedLogins;
    private PaddedCounter _upstreamDisconnects;
    private PaddedCounter _uncached;
    private PaddedCounter _sessions;
    private PaddedCounter _sessionsEnded;
    private PaddedCounter _clientDisconnects;
    private PaddedCounter _limitRefusals;

    // One counter per FrameRejection, each on its own 128 bytes: index (cause * Stride) + Stride / 2.
    private const int Stride = 16;
    private static readonly int Causes = Enum.GetValues<FrameRejection>().Length;
    private readonly long[] _rejected = new long[(Causes + 1) * Stride];

    /// <summary>Messages received from upstream.</summary>
    public long FramesIn => Volatile.Read(ref _framesIn.Value);

    /// <summary>How long since a frame came from upstream (heartbeats included); since creation while none has.</summary>
    public TimeSpan LastFrameInAge => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastFrameInTick.Value));

    /// <summary>Messages handed to the client-facing XPUB socket.</summary>
    public long FramesOut => Volatile.Read(ref _framesOut.Value);

    /// <summary>
    /// Upstream messages dropped because they are not valid TickStream messages (<see cref="FrameValidator"/>, or
    /// multipart): never forwarded, never cached. <see cref="RejectedBy"/> splits them by cause.
    /// </summary>
    public long Malformed => Volatile.Read(ref _malformed.Value);

    /// <summary>
    /// Times an upstream connection closed: an upstream that stopped or restarted, or one that sent a message longer
    /// than <see cref="GatewayOptions.MaxUpstreamMessageSize"/> (ZeroMQ drops such a message with its connection,
    /// so it never arrives to be counted as a message; ZeroMQ reconnects).
    /// </summary>
    public long UpstreamDisconnects => Volatile.Read(ref _upstreamDisconnects.Value);

    /// <summary>Valid upstream frames forwarded but too long for a cache entry (a newer schema version's longer block).</summary>
    public long Uncached => Volatile.Read(ref _uncached.Value);

    /// <summary>Upstream messages dropped for one cause.</summary>
    /// <param name="cause">The cause; <see cref="FrameRejection.None"/> gives 0.</param>
    /// <returns>The count.</returns>
    public long RejectedBy(FrameRejection cause) =>
        (int)cause < Causes ? Volatile.Read(ref _rejected[Slot(cause)]) : 0;

    /// <summary>Messages the XPUB socket refused as a whole (it drops per client silently instead).</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures.Value);

    /// <summary>Client subscriptions applied.</summary>
    public long Subscriptions => Volatile.Read(ref _subscriptions.Value);

    /// <summary>Client unsubscriptions seen (explicit, or a disconnect that left a topic without subscribers).</summary>
    public long Unsubscriptions => Volatile.Read(ref _unsubscriptions.Value);

    /// <summary>Subscriptions refused by the entitlements (no session, unknown session, symbol not entitled).</summary>
    public long RejectedSubscriptions => Volatile.Read(ref _rejectedSubscriptions.Value);

    /// <summary>Requests received on the request service.</summary>
    public long Requests => Volatile.Read(ref _requests.Value);

    /// <summary>Requests answered with an ERROR reply.</summary>
    public long BadRequests => Volatile.Read(ref _badRequests.Value);

    /// <summary>Reply frames the ROUTER socket could not queue (requester gone or at its high-water mark).</summary>
    public long RepliesDropped => Volatile.Read(ref _repliesDropped.Value);

    /// <summary>Requests by kind, transfers, credit, frames retransmitted, unavailable ranges, busy and expired transfers (docs/RECOVERY.md).</summary>
    public TransferCounters Transfers { get; } = new();

    /// <summary>Successful LOGIN requests.</summary>
    public long Logins => Volatile.Read(ref _logins.Value);

    /// <summary>LOGIN requests with an unknown credential.</summary>
    public long FailedLogins => Volatile.Read(ref _failedLogins.Value);

    /// <summary>LOGIN sessions open now (at most <see cref="GatewayOptions.MaxSessions"/>).</summary>
    public long Sessions => Volatile.Read(ref _sessions.Value);

    /// <summary>Sessions ended because their connection ended (closed by the client, lost, or silent past the timeout).</summary>
    public long SessionsEnded => Volatile.Read(ref _sessionsEnded.Value);

    /// <summary>Request connections that ended after their handshake, whether or not they had a session.</summary>
    public long ClientDisconnects => Volatile.Read(ref _clientDisconnects.Value);

    /// <summary>
    /// Requests refused because the client would pass a limit (<see cref="GatewayOptions.MaxSessions"/>,
    /// <see cref="GatewayOptions.MaxSymbolsPerSession"/>); each is also an error reply.
    /// </summary>
    public long LimitRefusals => Volatile.Read(ref _limitRefusals.Value);

    // One writer (the proxy thread): a plain increment published with a release store.
    internal void AddFrameIn()
    {
        Volatile.Write(ref _framesIn.Value, _framesIn.Value + 1);
        Volatile.Write(ref _lastFrameInTick.Value, Environment.TickCount64);
    }

    internal void AddFrameOut() => Volatile.Write(ref _framesOut.Value, _framesOut.Value + 1);

    internal void AddRejected(FrameRejection cause)
    {
        var slot = Slot(cause);
        Volatile.Write(ref _rejected[slot], _rejected[slot] + 1);
        Volatile.Write(ref _malformed.Value, _malformed.Value + 1);
    }

    internal void AddUpstreamDisconnect() => Volatile.Write(ref _upstreamDisconnects.Value, _upstreamDisconnects.Value + 1);

    internal void AddUncached() => Volatile.Write(ref _uncached.Value, _uncached.Value + 1);

    private static int Slot(FrameRejection cause) => ((int)cause * Stride) + (Stride / 2);

    internal void AddSendFailure() => Volatile.Write(ref _sendFailures.Value, _sendFailures.Value + 1);

    internal void AddSubscription() => Volatile.Write(ref _subscriptions.Value, _subscriptions.Value + 1);

    internal void AddUnsubscription() => Volatile.Write(ref _unsubscriptions.Value, _unsubscriptions.Value + 1);

    internal void AddRejectedSubscription() => Volatile.Write(ref _rejectedSubscriptions.Value, _rejectedSubscriptions.Value + 1);

    internal void AddRequest() => Volatile.Write(ref _requests.Value, _requests.Value + 1);

    internal void AddBadRequest() => Volatile.Write(ref _badRequests.Value, _badRequests.Value + 1);

    internal void AddReplyDropped() => Volatile.Write(ref _repliesDropped.Value, _repliesDropped.Value + 1);

    internal void AddLogin() => Volatile.Write(ref _logins.Value, _logins.Value + 1);

    internal void SetSessions(int open) => Volatile.Write(ref _sessions.Value, open);

    internal void AddSessionEnded() => Volatile.Write(ref _sessionsEnded.Value, _sessionsEnded.Value + 1);

    internal void AddClientDisconnect() => Volatile.Write(ref _clientDisconnects.Value, _clientDisconnects.Value + 1);

    internal void AddLimitRefusal() => Volatile.Write(ref _limitRefusals.Value, _limitRefusals.Value + 1);

    internal void AddFailedLogin() => Volatile.Write(ref _failedLogins.Value, _failedLogins.Value + 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"frames in {FramesIn}, out {FramesOut}, malformed {Malformed}{RejectionSummary()}, uncached {Uncached}, upstream disconnects {UpstreamDisconnects}, send failures {SendFailures}, " +
        $"subscriptions {Subscriptions}, unsubscriptions {Unsubscriptions}, rejected {RejectedSubscriptions}, " +
        $"requests {Requests}, bad requests {BadRequests}, replies dropped {RepliesDropped}, logins {Logins}, failed logins {FailedLogins}, " +
        $"sessions {Sessions} (ended {SessionsEnded}), client disconnects {ClientDisconnects}, limit refusals {LimitRefusals}; {Transfers}";

    // The causes seen, e.g. " (WrongSchema 3, Multipart 1)"; empty when none: for the periodic and final log line.
    private string RejectionSummary()
    {
        var parts = new List<string>();
        foreach (var cause in Enum.GetValues<FrameRejection>())
        {
            if (RejectedBy(cause) is > 0 and var count)
            {
                parts.Add($"{cause} {count}");
            }
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)]
        public long Value;
    }
}
