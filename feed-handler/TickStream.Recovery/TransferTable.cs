using System.Globalization;
using NetMQ;

namespace TickStream.Recovery;

/// <summary>
/// The open transfers of one request service and their credit (the ZeroMQ guide's file-transfer pattern): a reply
/// message is built only when the client has credit for it, so a client that stops reading costs at most its
/// credit's messages (<see cref="TransferOptions.MaxCredit"/> x <see cref="TransferOptions.MaxReplyFrames"/> frames,
/// each message at most about <see cref="TransferOptions.MaxReplyBytes"/>). One transfer per connection, at most
/// <see cref="TransferOptions.MaxTransfers"/> in all, closed after <see cref="TransferOptions.IdleTimeout"/> without
/// credit. Used by one thread (the service's).
/// </summary>
public sealed class TransferTable
{
    private readonly TransferOptions _options;
    private readonly TransferCounters _counters;
    private readonly Dictionary<string, Transfer> _byKey = new(StringComparer.Ordinal);
    private readonly List<Transfer> _transfers = [];
    private int _nextPump;

    /// <summary>Creates an empty table.</summary>
    /// <param name="options">The caps.</param>
    /// <param name="counters">Where transfers are counted.</param>
    public TransferTable(TransferOptions options, TransferCounters counters)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
    }

    /// <summary>Transfers open now.</summary>
    public int Count => _transfers.Count;

    /// <summary>Whether some open transfer has credit: the service should call <see cref="Pump"/> soon.</summary>
    public bool HasWork
    {
        get
        {
            foreach (var transfer in _transfers)
            {
                if (transfer.Credit > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether the requester has a transfer open (a new request is then busy).</summary>
    /// <param name="envelope">The requester.</param>
    /// <returns>True when one is open.</returns>
    public bool IsOpen(ReplyEnvelope envelope) => _byKey.ContainsKey(envelope.Key);

    /// <summary>The reply to a request that would open a second transfer on a connection; counted.</summary>
    /// <param name="envelope">The requester.</param>
    /// <returns>The <c>ERROR busy</c> reply.</returns>
    public NetMQMessage Busy(ReplyEnvelope envelope)
    {
        _counters.AddBusy();
        return envelope.Message(null, "ERROR busy: a transfer is open on this connection; CREDIT it, CANCEL it or wait for its END");
    }

    /// <summary>
    /// Starts the reply of a request with the one credit the request grants: builds its first message. A reply that
    /// fits one message is returned complete (ending in its status) and leaves nothing open.
    /// </summary>
    /// <param name="envelope">The requester (who must have no transfer open: see <see cref="IsOpen"/>).</param>
    /// <param name="source">Where the frames come from; owned by the table from here on.</param>
    /// <param name="retransmit">Whether the frames count as retransmitted.</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    /// <returns>The message to send now, or null when its first message is still being built (it goes out from <see cref="Pump"/>).</returns>
    public NetMQMessage? Open(ReplyEnvelope envelope, IReplySource source, bool retransmit, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(source);
        var transfer = new Transfer(envelope, source, new ReplyBuffer(_options.MaxReplyFrames, TransferOptions.MaxReplyBytes), retransmit, nowMs);
        var budget = _options.StepBudget;
        var progress = Fill(transfer, ref budget);
        if (progress == ReplyProgress.Done)
        {
            return Finish(transfer, open: false);
        }

        if (_transfers.Count >= _options.MaxTransfers)
        {
            source.Dispose();
            _counters.AddBusy();
            return envelope.Message(null, string.Create(CultureInfo.InvariantCulture,
                $"ERROR busy: {_options.MaxTransfers} transfers are open on this server, the most it keeps; ask again later"));
        }

        _transfers.Add(transfer);
        _byKey.Add(transfer.Key, transfer);
        _counters.AddOpened();
        return progress == ReplyProgress.Full ? More(transfer, nowMs) : null;
    }

    /// <summary>Grants credit to the requester's transfer, clamped to <see cref="TransferOptions.MaxCredit"/>; counted and ignored when none is open.</summary>
    /// <param name="envelope">The requester.</param>
    /// <param name="messages">Messages granted (at least 1).</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    public void Credit(ReplyEnvelope envelope, long messages, long nowMs)
    {
        if (!_byKey.TryGetValue(envelope.Key, out var transfer))
        {
            _counters.AddCreditIgnored();
            return;
        }

        transfer.Credit = (int)Math.Min(_options.MaxCredit, transfer.Credit + Math.Max(0, messages));
        transfer.LastActivityMs = nowMs;
    }

    /// <summary>Ends the requester's transfer, if one is open.</summary>
    /// <param name="envelope">The requester.</param>
    /// <returns>The <c>END CANCELLED</c> reply (sent whether or not one was open, so a REQ client always gets a reply).</returns>
    public NetMQMessage Cancel(ReplyEnvelope envelope)
    {
        if (_byKey.TryGetValue(envelope.Key, out var transfer))
        {
            Remove(transfer);
            _counters.AddCancelled();
        }

        return envelope.Message(null, "END CANCELLED");
    }

    /// <summary>Sends what credit allows, within one step's budget (<see cref="TransferOptions.StepBudget"/>), taking transfers in turn.</summary>
    /// <param name="socket">The ROUTER socket.</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    /// <returns>Messages sent.</returns>
    public int Pump(IOutgoingSocket socket, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var budget = _options.StepBudget;
        var sent = 0;
        for (var visited = 0; visited < _transfers.Count && budget > 0; visited++)
        {
            _nextPump %= _transfers.Count;
            var transfer = _transfers[_nextPump];
            if (transfer.Credit <= 0)
            {
                _nextPump++;
                continue;
            }

            var progress = Fill(transfer, ref budget);
            if (progress == ReplyProgress.Yield)
            {
                break;
            }

            var message = progress == ReplyProgress.Done ? Finish(transfer, open: true) : More(transfer, nowMs);
            Send(socket, message);
            sent++;
            if (progress != ReplyProgress.Done)
            {
                _nextPump++;
            }
        }

        return sent;
    }

    /// <summary>Closes transfers that had no credit for <see cref="TransferOptions.IdleTimeout"/>; nothing is sent to their requesters.</summary>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    /// <returns>How many were closed.</returns>
    public int Expire(long nowMs)
    {
        var expired = 0;
        for (var i = _transfers.Count - 1; i >= 0; i--)
        {
            var transfer = _transfers[i];
            if (transfer.Credit <= 0 && nowMs - transfer.LastActivityMs >= (long)_options.IdleTimeout.TotalMilliseconds)
            {
                Remove(transfer);
                _counters.AddExpired();
                expired++;
            }
        }

        return expired;
    }

    /// <summary>Closes every transfer (the service stops).</summary>
    public void Clear()
    {
        for (var i = _transfers.Count - 1; i >= 0; i--)
        {
            Remove(_transfers[i]);
        }
    }

    private static ReplyProgress Fill(Transfer transfer, ref int budget) => transfer.Source.Fill(transfer.Buffer, ref budget);

    private static void Send(IOutgoingSocket socket, NetMQMessage message) =>

        // A ROUTER drops silently for a peer that is gone or at its high-water mark; credit bounds what is queued.
        socket.TrySendMultipartMessage(TimeSpan.Zero, message);

    private NetMQMessage More(Transfer transfer, long nowMs)
    {
        var message = transfer.Envelope.Message(transfer.Buffer.Frames, "MORE");
        _counters.AddMessage(transfer.Buffer.Frames.Count, transfer.Retransmit);
        transfer.Buffer.Clear();
        transfer.Credit--;
        transfer.LastActivityMs = nowMs;
        return message;
    }

    private NetMQMessage Finish(Transfer transfer, bool open)
    {
        var message = transfer.Envelope.Message(transfer.Buffer.Frames, transfer.Source.Status);
        _counters.AddMessage(transfer.Buffer.Frames.Count, transfer.Retransmit);
        _counters.AddCompleted();
        transfer.Buffer.Clear();
        if (open)
        {
            Remove(transfer);
        }
        else
        {
            transfer.Source.Dispose();
        }

        return message;
    }

    private void Remove(Transfer transfer)
    {
        _transfers.Remove(transfer);
        _byKey.Remove(transfer.Key);
        _counters.AddClosed();
        transfer.Source.Dispose();
    }
}
