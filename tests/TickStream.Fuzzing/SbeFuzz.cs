using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using TickStream.Wire;
using TickStream.Testing;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes the generated SBE decoders. Their getters are unchecked reads, so an out-of-bounds read would not throw:
/// each case is decoded twice, once followed by 0x00 bytes and once by 0xFF bytes, and every value read must be
/// the same both times (a read past the frame sees the difference), and every var data span must lie in the frame.
/// </summary>
public static class SbeFuzz
{
    private const int Padding = 256;

    /// <summary>Valid frames of every template, with random book levels and var data lengths.</summary>
    public static Gen<byte[]> ValidFrames { get; } =
        Gen.Choose(0, 6).SelectMany(template => Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, int.MaxValue - 1).Select(seed => Encode(template, n, seed))));

    /// <summary>Valid frames, mutated frames, frames with a wrong schema id, version or template, and arbitrary bytes.</summary>
    public static Gen<FuzzCase> Cases { get; } = Gen.Frequency(
        (6, Mutations.Cases(ValidFrames, 300)),
        (1, ValidFrames.SelectMany(frame => Gen.Choose(0, 3).SelectMany(field => Gen.Choose(0, ushort.MaxValue)
            .Select(value => new FuzzCase(WithHeaderField(frame, field, value), false))))));

    /// <summary>Decodes <paramref name="c"/> in full; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public static void Check(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var zeros = new byte[c.Data.Length + Padding];
        var ones = new byte[c.Data.Length + Padding];
        c.Data.CopyTo(zeros, 0);
        c.Data.CopyTo(ones, 0);
        ones.AsSpan(c.Data.Length).Fill(0xFF);
        var a = Digest(zeros.AsSpan(0, c.Data.Length), out var acceptedA);
        var b = Digest(ones.AsSpan(0, c.Data.Length), out _);
        if (a != b)
        {
            throw new FuzzFindingException($"a decoder read past the end of the frame (digest {a:X16} vs {b:X16})");
        }

        // Also exactly at the end of an array, where a span overrun would throw.
        _ = Digest(c.Data, out _);
        if (c.MustAccept && !acceptedA)
        {
            throw new FuzzFindingException("a valid frame was rejected");
        }
    }

    /// <summary>
    /// Tries every decoder on <paramref name="frame"/> and folds every value it reads into a hash.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="accepted">True when the decoder of the header's template decoded the whole frame.</param>
    public static ulong Digest(ReadOnlySpan<byte> frame, out bool accepted)
    {
        var h = 14695981039346656037UL;
        accepted = false;
        if (MessageHeaderDecoder.TryWrap(frame, 0, 0, out var header))
        {
            h = Mix(h, header.BlockLength);
            h = Mix(h, header.TemplateId);
            h = Mix(h, header.SchemaId);
            h = Mix(h, header.Version);
        }

        if (TradeDecoder.TryWrap(frame, out var trade, out var error))
        {
            h = Prefix(h, trade.StreamSeq, trade.SymbolSeq, trade.ExchangeTime, trade.IngestTime, trade.InstrumentId, trade.StreamId, (ushort)trade.Flags, trade.Symbol, trade.Venue);
            h = Mix(h, (ulong)trade.AggressorSide);
            h = Mix(h, (ulong)trade.Price.Mantissa);
            h = Mix(h, (ulong)trade.Size);
            h = Mix(h, trade.TradeId);
            accepted |= Within(frame, trade.EncodedLength);
        }

        h = Mix(h, (ulong)error);
        if (QuoteDecoder.TryWrap(frame, out var quote, out error))
        {
            h = Prefix(h, quote.StreamSeq, quote.SymbolSeq, quote.ExchangeTime, quote.IngestTime, quote.InstrumentId, quote.StreamId, (ushort)quote.Flags, quote.Symbol, quote.Venue);
            h = Mix(h, (ulong)quote.BidPrice.Mantissa);
            h = Mix(h, (ulong)quote.BidSize);
            h = Mix(h, (ulong)quote.AskPrice.Mantissa);
            h = Mix(h, (ulong)quote.AskSize);
            h = Mix(h, quote.BidPrice.HasMantissa ? 1UL : 0UL);
            accepted |= Within(frame, quote.EncodedLength);
        }

        h = Mix(h, (ulong)error);
        if (BookUpdateDecoder.TryWrap(frame, out var book, out error))
        {
            h = Prefix(h, book.StreamSeq, book.SymbolSeq, book.ExchangeTime, book.IngestTime, book.InstrumentId, book.StreamId, (ushort)book.Flags, book.Symbol, book.Venue);
            if (book.TryGetLevels(out var levels, out error))
            {
                var entries = 0;
                while (levels.MoveNext())
                {
                    if (++entries > ushort.MaxValue)
                    {
                        throw new FuzzFindingException("a group yielded more entries than numInGroup can count");
                    }

                    h = Mix(h, (ulong)levels.Price.Mantissa);
                    h = Mix(h, (ulong)levels.Size);
                    h = Mix(h, levels.Level);
                    h = Mix(h, (ulong)levels.Side);
                    h = Mix(h, (ulong)levels.Action);
                }

                h = Mix(h, (ulong)levels.Error);
                accepted |= levels.Error == SbeDecodeError.None && Within(frame, book.EncodedLength);
            }
        }

        h = Mix(h, (ulong)error);
        if (HeartbeatDecoder.TryWrap(frame, out var heartbeat, out error))
        {
            h = Mix(h, heartbeat.StreamSeq);
            h = Mix(h, heartbeat.Time);
            h = Mix(h, heartbeat.StreamId);
            accepted |= Within(frame, heartbeat.EncodedLength);
        }

        h = Mix(h, (ulong)error);
        if (StreamStartDecoder.TryWrap(frame, out var start, out error))
        {
            h = Mix(h, start.SessionId);
            h = Mix(h, start.Time);
            h = Mix(h, start.StreamId);
            var computed = start.TryComputeLength(out var length, out _);
            if (start.TryGetStreamName(out var name, out error))
            {
                InFrame(frame, name);
                h = Bytes(h, name);
                accepted |= Within(frame, start.EncodedLength) && computed && length == start.EncodedLength;
            }
        }

        h = Mix(h, (ulong)error);
        if (SnapshotDecoder.TryWrap(frame, out var snapshot, out error))
        {
            h = Prefix(h, snapshot.StreamSeq, snapshot.SymbolSeq, snapshot.ExchangeTime, snapshot.IngestTime, snapshot.InstrumentId, snapshot.StreamId, (ushort)snapshot.Flags, snapshot.Symbol, snapshot.Venue);
            h = Mix(h, snapshot.QuoteSymbolSeq);
            h = Mix(h, snapshot.QuoteExchangeTime);
            h = Mix(h, (ulong)snapshot.BidPrice.Mantissa);
            h = Mix(h, (ulong)snapshot.BidSize);
            h = Mix(h, (ulong)snapshot.AskPrice.Mantissa);
            h = Mix(h, (ulong)snapshot.AskSize);
            h = Mix(h, snapshot.TradeSymbolSeq);
            h = Mix(h, snapshot.TradeExchangeTime);
            h = Mix(h, (ulong)snapshot.LastPrice.Mantissa);
            h = Mix(h, (ulong)snapshot.LastSize);
            h = Mix(h, snapshot.LastTradeId);
            h = Mix(h, (ulong)snapshot.LastAggressorSide);
            accepted |= Within(frame, snapshot.EncodedLength);
        }

        h = Mix(h, (ulong)error);
        if (InstrumentDefinitionDecoder.TryWrap(frame, out var definition, out error))
        {
            h = Mix(h, definition.StreamSeq);
            h = Mix(h, definition.Time);
            h = Mix(h, (ulong)definition.TickSize.Mantissa);
            h = Mix(h, definition.InstrumentId);
            h = Mix(h, definition.StreamId);
            h = Mix(h, (ulong)definition.DisplayDecimals);
            h = Mix(h, definition.RoundLot);
            h = Bytes(h, definition.Symbol);
            h = Bytes(h, definition.Venue);
            if (definition.TryGetDescription(out var description, out error))
            {
                InFrame(frame, description);
                h = Bytes(h, description);
                accepted |= Within(frame, definition.EncodedLength);
            }
        }

        return Mix(h, (ulong)error);
    }

    /// <summary>Encodes a valid frame of template index <paramref name="template"/> (0 to 6).</summary>
    /// <param name="template">Which message.</param>
    /// <param name="n">Book levels (up to 300) or var data length.</param>
    /// <param name="seed">Field values.</param>
    public static byte[] Encode(int template, int n, int seed)
    {
        var buffer = new byte[16 * 1024];
        var random = new Random(seed);
        int length;
        switch (template)
        {
            case 0:
                length = Samples.EncodeTrade(buffer);
                break;
            case 1:
                length = Samples.EncodeQuote(buffer);
                break;
            case 2:
                {
                    var e = BookUpdateEncoder.WrapAndApplyHeader(buffer);
                    e.SetStreamSeq((ulong)seed);
                    e.SetSymbolSeq(1);
                    e.SetSymbol("AAPL");
                    e.SetVenue("XNAS");
                    var levels = e.LevelsCount(n);
                    for (var i = 0; i < n; i++)
                    {
                        levels.Next();
                        levels.Price.SetMantissa(random.NextInt64());
                        levels.SetSize(random.Next());
                        levels.SetLevel((byte)(1 + (i % 10)));
                        levels.SetSide((BookSide)(i % 2));
                        levels.SetAction((BookAction)(i % 3));
                    }

                    length = e.EncodedLength;
                    break;
                }

            case 3:
                length = Samples.EncodeHeartbeat(buffer);
                break;
            case 4:
                {
                    var e = StreamStartEncoder.WrapAndApplyHeader(buffer);
                    e.SetSessionId((ulong)seed);
                    e.SetTime(1);
                    e.SetStreamId(1);
                    e.SetStreamName(new string('s', n));
                    length = e.EncodedLength;
                    break;
                }

            case 5:
                length = Samples.EncodeSnapshot(buffer);
                break;
            default:
                {
                    var e = InstrumentDefinitionEncoder.WrapAndApplyHeader(buffer);
                    e.SetStreamSeq((ulong)seed);
                    e.SetInstrumentId(7);
                    e.SetSymbol("MSFT");
                    e.SetVenue("XNAS");
                    e.SetDescription(new string('d', n));
                    length = e.EncodedLength;
                    break;
                }
        }

        return buffer[..length];
    }

    private static byte[] WithHeaderField(byte[] frame, int field, int value)
    {
        var copy = (byte[])frame.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(field * 2), (ushort)value);
        return copy;
    }

    private static bool Within(ReadOnlySpan<byte> frame, int encodedLength)
    {
        if (encodedLength < 0 || encodedLength > frame.Length)
        {
            throw new FuzzFindingException($"EncodedLength {encodedLength} is outside the {frame.Length}-byte frame");
        }

        return true;
    }

    private static void InFrame(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        if (!frame.Overlaps(value, out var offset) || offset < 0 || offset + value.Length > frame.Length)
        {
            throw new FuzzFindingException($"var data of {value.Length} bytes at offset {offset} is outside the {frame.Length}-byte frame");
        }
    }

    private static ulong Prefix(ulong h, ulong streamSeq, ulong symbolSeq, ulong exchangeTime, ulong ingestTime, uint instrumentId,
        ushort streamId, ushort flags, ReadOnlySpan<byte> symbol, ReadOnlySpan<byte> venue)
    {
        h = Mix(h, streamSeq);
        h = Mix(h, symbolSeq);
        h = Mix(h, exchangeTime);
        h = Mix(h, ingestTime);
        h = Mix(h, instrumentId);
        h = Mix(h, streamId);
        h = Mix(h, flags);
        h = Bytes(h, symbol);
        return Bytes(h, venue);
    }

    private static ulong Bytes(ulong h, ReadOnlySpan<byte> bytes)
    {
        h = Mix(h, (ulong)bytes.Length);
        foreach (var b in bytes)
        {
            h = Mix(h, b);
        }

        return h;
    }

    private static ulong Mix(ulong h, ulong value) => (h ^ value) * 1099511628211UL;
}
