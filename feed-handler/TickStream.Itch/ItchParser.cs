using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch;

/// <summary>
/// Dispatches ITCH 5.0 messages to a struct handler. Works on the BinaryFILE layout: each message is preceded by
/// a 2-byte big-endian length that does not count itself. FixedLength and Dispatch are generated from
/// itch-messages.txt; the framing is here.
/// </summary>
public static partial class ItchParser
{
    /// <summary>Size of the length prefix in front of every message.</summary>
    public const int LengthPrefixSize = 2;

    /// <summary>
    /// Parses every complete length-prefixed message in <paramref name="data"/>. An incomplete message at the end is
    /// left unconsumed so the caller can append more bytes, unless <paramref name="isFinal"/> says no more will come:
    /// then it is reported as truncated and consumed.
    /// </summary>
    /// <typeparam name="THandler">The handler; a struct so the calls are devirtualised.</typeparam>
    /// <param name="data">Length-prefixed messages.</param>
    /// <param name="baseOffset">Stream offset of <paramref name="data"/>[0], so errors carry file offsets.</param>
    /// <param name="handler">Receives the messages.</param>
    /// <param name="errors">Counts rejected input.</param>
    /// <param name="isFinal">True when <paramref name="data"/> ends the stream.</param>
    /// <param name="messageCount">Number of frames consumed, good or bad (a truncated tail is not a frame).</param>
    /// <returns>Bytes consumed.</returns>
    public static int ParseFramed<THandler>(
        ReadOnlySpan<byte> data, long baseOffset, ref THandler handler, ItchErrorCounters errors, bool isFinal, out long messageCount)
        where THandler : struct, IItchMessageHandler
    {
        ArgumentNullException.ThrowIfNull(errors);
        var position = 0;
        long count = 0;
        while (data.Length - position >= LengthPrefixSize)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position));
            var end = position + LengthPrefixSize + length;
            if (end > data.Length)
            {
                break;
            }

            Dispatch(data.Slice(position + LengthPrefixSize, length), baseOffset + position, ref handler, errors);
            position = end;
            count++;
        }

        if (isFinal && position < data.Length)
        {
            ReportTruncatedTail(data.Slice(position), baseOffset + position, ref handler, errors);
            position = data.Length;
        }

        messageCount = count;
        return position;
    }

    /// <summary>Reports the bytes left at the end of a stream that do not form a whole message.</summary>
    internal static void ReportTruncatedTail<THandler>(ReadOnlySpan<byte> tail, long fileOffset, ref THandler handler, ItchErrorCounters errors)
        where THandler : struct, IItchMessageHandler
    {
        if (tail.Length < LengthPrefixSize)
        {
            Report(ref handler, errors, new ItchError(ItchErrorKind.TruncatedLengthPrefix, fileOffset, 0, 0, 0));
            return;
        }

        var declared = BinaryPrimitives.ReadUInt16BigEndian(tail);
        var type = tail.Length > LengthPrefixSize ? tail[LengthPrefixSize] : (byte)0;
        Report(ref handler, errors, new ItchError(ItchErrorKind.TruncatedMessage, fileOffset, type, 0, declared));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Report<THandler>(ref THandler handler, ItchErrorCounters errors, in ItchError error)
        where THandler : struct, IItchMessageHandler
    {
        errors.Record(error);
        handler.OnError(error);
    }
}
