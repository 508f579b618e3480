namespace TickStream.Itch;

/// <summary>One rejected piece of input: what, where and which order.</summary>
/// <param name="Kind">Why the input was rejected.</param>
/// <param name="FileOffset">
/// Offset of the message's 2-byte length prefix in the (decompressed) stream, counted from the first byte read.
/// </param>
/// <param name="MessageType">The message type byte, or 0 when the stream ended before it.</param>
/// <param name="OrderReference">The order reference number involved, or 0 when none.</param>
/// <param name="Detail">
/// Extra numbers: the declared length for framing errors, the requested shares for execution or cancel errors.
/// </param>
public readonly record struct ItchError(ItchErrorKind Kind, long FileOffset, byte MessageType, ulong OrderReference, long Detail)
{
    /// <summary>A one-line description saying where and why.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        ItchErrorKind.TruncatedLengthPrefix => $"offset {FileOffset}: stream ends inside a length prefix",
        ItchErrorKind.TruncatedMessage => $"offset {FileOffset}: stream ends inside a message of declared length {Detail}",
        ItchErrorKind.EmptyMessage => $"offset {FileOffset}: zero length prefix",
        ItchErrorKind.UnknownMessageType => $"offset {FileOffset}: unknown message type 0x{MessageType:X2} (length {Detail}), skipped",
        ItchErrorKind.LengthMismatch => $"offset {FileOffset}: message '{(char)MessageType}' has length {Detail}, not its fixed length, skipped",
        ItchErrorKind.UnknownOrderReference => $"offset {FileOffset}: message '{(char)MessageType}' names unknown order {OrderReference}",
        ItchErrorKind.DuplicateOrderReference => $"offset {FileOffset}: message '{(char)MessageType}' reuses live order {OrderReference}, ignored",
        ItchErrorKind.ExecutionExceedsOpenShares => $"offset {FileOffset}: execution of {Detail} shares exceeds open shares of order {OrderReference}",
        ItchErrorKind.CancelExceedsOpenShares => $"offset {FileOffset}: cancel of {Detail} shares exceeds open shares of order {OrderReference}",
        ItchErrorKind.InvalidSide => $"offset {FileOffset}: message '{(char)MessageType}' for order {OrderReference} has a side other than B or S, ignored",
        ItchErrorKind.SharesOutOfRange => $"offset {FileOffset}: message '{(char)MessageType}' has {unchecked((ulong)Detail)} shares, more than a trade size holds, ignored",
        ItchErrorKind.CorruptCompressedInput => $"offset {FileOffset}: the gzip data is corrupt, input ends here",
        _ => $"offset {FileOffset}: {Kind}",
    };
}
