using System.Runtime.InteropServices;

namespace TickStream.Recovery;

/// <summary>
/// What a request service did with requests and transfers, readable from any thread while the service's one thread
/// writes (plain increments published with release stores, each counter on its own cache lines).
/// </summary>
public sealed class TransferCounters
{
    private const int Stride = 16;
    private static readonly int Kinds = Enum.GetValues<RequestKind>().Length;
    private readonly long[] _requests = new long[(Kinds + 1) * Stride];
    private Padded _opened;
    private Padded _completed;
    private Padded _open;
    private Padded _messages;
    private Padded _frames;
    private Padded _retransmitted;
    private Padded _unavailable;
    private Padded _busy;
    private Padded _expired;
    private Padded _cancelled;
    private Padded _creditIgnored;
    private Padded _errors;

    /// <summary>Requests of one kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>How many were received.</returns>
    public long Requests(RequestKind kind) => Volatile.Read(ref _requests[Slot(kind)]);

    /// <summary>Transfers that needed more than one message (left open after their first).</summary>
    public long Opened => Volatile.Read(ref _opened.Value);

    /// <summary>Replies sent to the end (including one-message replies).</summary>
    public long Completed => Volatile.Read(ref _completed.Value);

    /// <summary>Transfers open now.</summary>
    public long Open => Volatile.Read(ref _open.Value);

    /// <summary>Reply messages of transfers queued to the socket (each costs the client one credit).</summary>
    public long MessagesSent => Volatile.Read(ref _messages.Value);

    /// <summary>Data frames in those messages.</summary>
    public long FramesSent => Volatile.Read(ref _frames.Value);

    /// <summary>Data frames sent in answer to RETRANSMIT.</summary>
    public long FramesRetransmitted => Volatile.Read(ref _retransmitted.Value);

    /// <summary>RETRANSMIT requests answered <c>ERROR unavailable</c>.</summary>
    public long Unavailable => Volatile.Read(ref _unavailable.Value);

    /// <summary>Requests answered <c>ERROR busy</c> (a transfer open on the connection, or every transfer slot taken).</summary>
    public long Busy => Volatile.Read(ref _busy.Value);

    /// <summary>Transfers closed after <see cref="TransferOptions.IdleTimeout"/> without credit.</summary>
    public long Expired => Volatile.Read(ref _expired.Value);

    /// <summary>Transfers ended by CANCEL.</summary>
    public long Cancelled => Volatile.Read(ref _cancelled.Value);

    /// <summary>CREDIT requests with no transfer open (ignored: leftover credit of a finished transfer).</summary>
    public long CreditIgnored => Volatile.Read(ref _creditIgnored.Value);

    /// <summary>Requests answered with an ERROR by the recovery commands (RETRANSMIT, CREDIT, CANCEL).</summary>
    public long Errors => Volatile.Read(ref _errors.Value);

    /// <summary>Counts one request (called by the service's thread, which owns the counters).</summary>
    /// <param name="kind">Its kind.</param>
    public void AddRequest(RequestKind kind)
    {
        var slot = Slot(kind);
        Volatile.Write(ref _requests[slot], _requests[slot] + 1);
    }

    internal void AddOpened()
    {
        Bump(ref _opened);
        Bump(ref _open);
    }

    internal void AddClosed() => Volatile.Write(ref _open.Value, _open.Value - 1);

    internal void AddCompleted() => Bump(ref _completed);

    internal void AddMessage(int frames, bool retransmit)
    {
        Bump(ref _messages);
        Volatile.Write(ref _frames.Value, _frames.Value + frames);
        if (retransmit)
        {
            Volatile.Write(ref _retransmitted.Value, _retransmitted.Value + frames);
        }
    }

    internal void AddUnavailable() => Bump(ref _unavailable);

    internal void AddBusy() => Bump(ref _busy);

    internal void AddExpired() => Bump(ref _expired);

    internal void AddCancelled() => Bump(ref _cancelled);

    internal void AddCreditIgnored() => Bump(ref _creditIgnored);

    internal void AddError() => Bump(ref _errors);

    /// <inheritdoc />
    public override string ToString() =>
        $"retransmit requests {Requests(RequestKind.Retransmit)}, credit {Requests(RequestKind.Credit)}, cancel {Requests(RequestKind.Cancel)}, " +
        $"transfers opened {Opened}, open {Open}, replies completed {Completed}, messages {MessagesSent}, frames {FramesSent}, retransmitted {FramesRetransmitted}, " +
        $"unavailable {Unavailable}, busy {Busy}, expired {Expired}, cancelled {Cancelled}, credit ignored {CreditIgnored}";

    private static void Bump(ref Padded counter) => Volatile.Write(ref counter.Value, counter.Value + 1);

    private static int Slot(RequestKind kind) => ((int)kind * Stride) + (Stride / 2);

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Padded
    {
        [FieldOffset(64)]
        public long Value;
    }
}
