using TickStream.Journal;

namespace TickStream.FeedHandler;

/// <summary>
/// Hands the heartbeats the publisher sends to the journal consumer, so that the journal holds them too: a
/// bounded single-producer, single-consumer queue of fixed-size slots, allocated once.
/// </summary>
/// <remarks>
/// <para>
/// Heartbeats do not go through the ring: the publisher makes them itself (busy or idle), and the publisher is
/// the ring's consumer, which must never wait for room in its own ring. So it copies each heartbeat it sent here,
/// with the ring sequence of the last frame it had sent before it, and the journal consumer writes the heartbeat
/// once it has journaled that frame. The journal runs beside the publisher: when it is behind (the usual case),
/// the heartbeat lands exactly where it went out on the wire; when it was already ahead, it lands after the
/// frames the journal had written by then, at most one batch later.
/// </para>
/// <para>
/// The producer is whichever thread holds the ring publisher's token (one at a time, every hand-over a full
/// fence); the consumer is the journal's thread. A full queue (the journal stalled for
/// <see cref="Capacity"/> heartbeats) drops the heartbeat for the journal only and counts it in
/// <see cref="Dropped"/>; the wire is unaffected.
/// </para>
/// </remarks>
public sealed class JournalHeartbeats
{
    /// <summary>The largest message a slot holds: a heartbeat's topic and frame are far smaller.</summary>
    public const int SlotBytes = 64;

    private readonly byte[] _bytes;
    private readonly int[] _lengths;
    private readonly long[] _afterSequence;
    private readonly int _mask;
    private long _head;
    private long _tail;
    private long _dropped;

    /// <summary>Creates a queue of <paramref name="capacity"/> heartbeats.</summary>
    /// <param name="capacity">A power of two, 2 or more.</param>
    public JournalHeartbeats(int capacity = 1024)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A power of two, 2 or more.");
        }

        _bytes = new byte[capacity * SlotBytes];
        _lengths = new int[capacity];
        _afterSequence = new long[capacity];
        _mask = capacity - 1;
    }

    /// <summary>How many heartbeats the queue holds at most.</summary>
    public int Capacity => _mask + 1;

    /// <summary>Heartbeats not journaled because the queue was full or the message too long for a slot.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Heartbeats waiting for the journal.</summary>
    public long Count => Volatile.Read(ref _tail) - Volatile.Read(ref _head);

    /// <summary>Queues a heartbeat that went out after the frame at ring sequence <paramref name="afterSequence"/>.</summary>
    /// <param name="message">The whole message as sent (topic and frame).</param>
    /// <param name="afterSequence">The ring sequence of the last frame sent before it (-1 when none was).</param>
    /// <returns>Whether it was queued.</returns>
    public bool TryEnqueue(ReadOnlySpan<byte> message, long afterSequence)
    {
        var tail = _tail;
        if (message.Length > SlotBytes || tail - Volatile.Read(ref _head) > _mask)
        {
            Volatile.Write(ref _dropped, _dropped + 1);
            return false;
        }

        var slot = (int)(tail & _mask);
        message.CopyTo(_bytes.AsSpan(slot * SlotBytes, SlotBytes));
        _lengths[slot] = message.Length;
        _afterSequence[slot] = afterSequence;

        // The release store publishes the slot's contents with the new tail.
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>
    /// Journals, in order, the queued heartbeats that went out after frames up to <paramref name="sequence"/>;
    /// <see cref="long.MaxValue"/> journals them all. Allocates nothing.
    /// </summary>
    /// <param name="sequence">The ring sequence of the last frame the journal holds.</param>
    /// <param name="writer">The journal, on the consumer's thread.</param>
    /// <param name="receiveTimeNs">The receive time to stamp them with (the journal's clock, so times never go back).</param>
    /// <returns>How many were journaled.</returns>
    public int WriteUpTo(long sequence, JournalWriter writer, long receiveTimeNs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var head = _head;
        var tail = Volatile.Read(ref _tail);
        var written = 0;
        while (head < tail)
        {
            var slot = (int)(head & _mask);
            if (_afterSequence[slot] > sequence)
            {
                break;
            }

            writer.Append(_bytes.AsSpan(slot * SlotBytes, _lengths[slot]), receiveTimeNs);
            head++;
            written++;
        }

        if (written > 0)
        {
            Volatile.Write(ref _head, head);
        }

        return written;
    }

    /// <summary>Whether a heartbeat is queued, cheaply: one read of the producer's index.</summary>
    /// <returns>True when <see cref="WriteUpTo"/> may have something to write.</returns>
    public bool HasAny() => _head != Volatile.Read(ref _tail);
}
