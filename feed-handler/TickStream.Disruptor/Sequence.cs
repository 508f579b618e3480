using System.Runtime.CompilerServices;

namespace TickStream.Disruptor;

/// <summary>
/// A padded, thread-safe sequence number: the producer cursor, the position of each event processor, and the
/// gating sequences the producer waits on. Starts at <see cref="InitialValue"/> (-1: nothing published yet).
/// </summary>
/// <remarks>
/// The value sits alone on its cache lines (see <c>PaddedLong</c>): one writer thread updates it while other
/// threads read it, and no unrelated write may invalidate the readers' line (false sharing).
/// Ordering contract: <see cref="Value"/> is an acquire read (<c>Volatile.Read</c>) and
/// <see cref="SetValue"/> a release write (<c>Volatile.Write</c>). A writer fills slots
/// and then calls <see cref="SetValue"/>; a reader that observes the new value through <see cref="Value"/> is
/// guaranteed to observe every slot write made before it. <see cref="CompareAndSet"/> and
/// <see cref="IncrementAndGet"/> are full fences.
/// </remarks>
public sealed class Sequence
{
    /// <summary>The value of a sequence before anything has been published or processed.</summary>
    public const long InitialValue = -1;

    private PaddedLong _padded;

    /// <summary>Creates a sequence at <paramref name="initialValue"/>.</summary>
    /// <param name="initialValue">The starting value, <see cref="InitialValue"/> by default.</param>
    public Sequence(long initialValue = InitialValue)
    {
        _padded.Value = initialValue;
    }

    /// <summary>The current value (acquire read).</summary>
    /// <remarks>Pairs with the release write in <see cref="SetValue"/>: everything written before that store is
    /// visible after this load returns the stored value.</remarks>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _padded.Value);
    }

    /// <summary>Stores a new value (release write).</summary>
    /// <remarks>No store before this call (in particular the event written into a slot) can be reordered after
    /// it; pairs with the acquire read in <see cref="Value"/>. This is not a full fence: on x86 a later load may
    /// still complete before the store is visible, which is why a thread about to park in the blocking wait
    /// strategy runs a process-wide barrier before it re-reads the sequence.</remarks>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue(long value) => Volatile.Write(ref _padded.Value, value);

    /// <summary>Atomically sets the value to <paramref name="newValue"/> if it is <paramref name="expected"/>
    /// (full fence).</summary>
    /// <param name="expected">The value the caller read.</param>
    /// <param name="newValue">The value to store.</param>
    /// <returns>Whether the value was replaced.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long newValue) =>
        Interlocked.CompareExchange(ref _padded.Value, newValue, expected) == expected;

    /// <summary>Atomically adds one and returns the new value (full fence).</summary>
    /// <returns>The incremented value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long IncrementAndGet() => Interlocked.Increment(ref _padded.Value);

    /// <summary>The raw storage, for the layout test only.</summary>
    internal ref long RawValue => ref _padded.Value;

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The smallest value among <paramref name="sequences"/>, or <paramref name="fallback"/> when there
    /// are none or all are larger.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Minimum(Sequence[] sequences, long fallback)
    {
        long minimum = fallback;
        for (int i = 0; i < sequences.Length; i++)
        {
            long value = sequences[i].Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }
}
