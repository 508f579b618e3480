namespace TickStream.Itch;

/// <summary>Why a piece of input was rejected. Each cause is counted separately.</summary>
public enum ItchErrorKind
{
    /// <summary>The stream ended inside a 2-byte length prefix.</summary>
    TruncatedLengthPrefix = 0,

    /// <summary>The stream ended before the number of bytes the length prefix announced.</summary>
    TruncatedMessage = 1,

    /// <summary>A length prefix of zero: there is no message type to read.</summary>
    EmptyMessage = 2,

    /// <summary>The message type byte is not one the specification defines; the message was skipped.</summary>
    UnknownMessageType = 3,

    /// <summary>The length prefix disagrees with the fixed length of the message type; the message was skipped.</summary>
    LengthMismatch = 4,

    /// <summary>An execute, cancel, delete or replace named an order reference that is not on the book.</summary>
    UnknownOrderReference = 5,

    /// <summary>An add or replace reused an order reference that is still on the book; the new order was ignored.</summary>
    DuplicateOrderReference = 6,

    /// <summary>An execution was larger than the order's open shares; the order was removed.</summary>
    ExecutionExceedsOpenShares = 7,

    /// <summary>A cancel was larger than the order's open shares; the order was removed.</summary>
    CancelExceedsOpenShares = 8,

    /// <summary>An add order's Buy/Sell indicator is neither B nor S; the order was ignored.</summary>
    InvalidSide = 9,

    /// <summary>A cross trade's 8-byte share count is above what a trade size (int64) holds; the cross was not reported.</summary>
    SharesOutOfRange = 10,

    /// <summary>The gzip input is corrupt (not a valid deflate stream); the input ends there.</summary>
    CorruptCompressedInput = 11,
}
