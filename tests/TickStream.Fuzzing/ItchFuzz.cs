using System.Buffers.Binary;
using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using TickStream.Itch;
using TickStream.Itch.Books;
using TickStream.Testing;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes the ITCH framing parser, the file reader and the order books with arbitrary framed bytes and mutated
/// valid message streams. After every case each book must be consistent: bids strictly descending and asks
/// strictly ascending from level 1, every level with non-negative shares and at least one order, and the orders on
/// the levels adding up to the orders the books hold. A crossed book is not checked against: the books apply
/// ITCH as sent and ITCH never matches orders, so crossed input gives a crossed book.
/// </summary>
public static class ItchFuzz
{
    private static readonly string[] Stocks = ["AAPL", "MSFT", "SPY"];

    /// <summary>Valid streams: a stock directory, then adds, executions, cancels, deletes, replaces and trades on few references.</summary>
    public static Gen<byte[]> ValidStreams { get; } =
        Gen.Choose(1, 60).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), count * 4).Select(Write));

    /// <summary>Valid, mutated and arbitrary framed streams, and mutated gzip files of valid streams.</summary>
    public static Gen<FuzzCase> Cases { get; } = Gen.Frequency(
        (6, Mutations.Cases(ValidStreams, 400)),
        (1, Gen.ArrayOf(Mutations.ArbitraryBytes(60)).Select(static messages => new FuzzCase(Frame(messages), false))),
        (1, Mutations.Cases(ValidStreams.Select(Gzip), 0).Select(static c => c with { MustAccept = false })));

    /// <summary>Parses one stream into books and checks them; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public static void Check(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var errors = new ItchErrorCounters();
        var books = new ItchOrderBooks<NullListener>(new OrderBookOptions { OrderCapacity = 64, InitialLevelsPerSide = 2, Depth = 3, Errors = errors }, default);
        var handler = books.CreateHandler();
        var consumed = ItchParser.ParseFramed(c.Data, 0, ref handler, errors, isFinal: true, out var messages);
        if (consumed < 0 || consumed > c.Data.Length)
        {
            throw new FuzzFindingException($"ParseFramed consumed {consumed} of {c.Data.Length} bytes");
        }

        // A valid stream may name orders already gone (the generator picks references at random), never bad framing.
        var framing = errors[ItchErrorKind.TruncatedMessage] + errors[ItchErrorKind.TruncatedLengthPrefix] + errors[ItchErrorKind.LengthMismatch]
            + errors[ItchErrorKind.UnknownMessageType] + errors[ItchErrorKind.EmptyMessage];
        if (c.MustAccept && framing != 0)
        {
            throw new FuzzFindingException($"a valid stream gave {framing} framing errors, last {errors.Last}");
        }

        CheckBooks(books, c.Data);

        // The file reader over the same bytes frames exactly as the in-memory parser does.
        var readerErrors = new ItchErrorCounters();
        var readerBooks = new ItchOrderBooks<NullListener>(new OrderBookOptions { OrderCapacity = 64, Errors = readerErrors }, default);
        var readerHandler = readerBooks.CreateHandler();
        using var reader = new ItchFileReader(new MemoryStream(c.Data), bufferSize: ItchFileReader.MinimumBufferSize, errors: readerErrors);
        var read = reader.ReadToEnd(ref readerHandler);
        if (!reader.IsCompleted)
        {
            throw new FuzzFindingException("ReadToEnd returned before the end of the input");
        }

        // A gzip file is framed after decompression, so the in-memory parser (which reads bytes as they are) differs.
        if (!reader.IsGzip && (read != messages || readerBooks.OrderCount != books.OrderCount))
        {
            throw new FuzzFindingException($"reader saw {read} messages and {readerBooks.OrderCount} orders, parser {messages} and {books.OrderCount}");
        }
    }

    private static void CheckBooks(ItchOrderBooks<NullListener> books, byte[] data)
    {
        long orders = 0;
        foreach (var locate in Locates(data))
        {
            var book = books.GetBook(locate);
            if (book is null)
            {
                continue;
            }

            orders += CheckSide(book.Bids, descending: true, locate);
            orders += CheckSide(book.Asks, descending: false, locate);
        }

        if (orders != books.OrderCount)
        {
            throw new FuzzFindingException($"levels hold {orders} orders, the order table {books.OrderCount}");
        }
    }

    private static long CheckSide(PriceLevels side, bool descending, ushort locate)
    {
        long orders = 0;
        for (var level = 1; level <= side.Count; level++)
        {
            var price = side.PriceAt(level);
            if (level > 1)
            {
                var better = side.PriceAt(level - 1);
                if (descending ? price >= better : price <= better)
                {
                    throw new FuzzFindingException($"locate {locate} {side.Side}: level {level} price {price} is not worse than level {level - 1} price {better}");
                }
            }

            // Shares may be 0: ITCH never sends a zero-share add or replace, but the books rest one as sent.
            if (side.SizeAt(level) < 0 || side.OrderCountAt(level) <= 0)
            {
                throw new FuzzFindingException($"locate {locate} {side.Side}: level {level} has {side.SizeAt(level)} shares in {side.OrderCountAt(level)} orders");
            }

            orders += side.OrderCountAt(level);
        }

        if (side.Count > 0 && (side.BestPrice != side.PriceAt(1) || side.BestSize != side.SizeAt(1)))
        {
            throw new FuzzFindingException($"locate {locate} {side.Side}: best {side.BestPrice} x {side.BestSize} is not level 1");
        }

        return orders;
    }

    // The locates the stream names (every message has its stock locate at offset 1), so only those books are checked.
    private static HashSet<ushort> Locates(byte[] data)
    {
        var locates = new HashSet<ushort>();
        var position = 0;
        while (data.Length - position >= 2)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position));
            if (length >= 3 && position + 2 + length <= data.Length)
            {
                locates.Add(BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position + 3)));
            }

            position += 2 + length;
        }

        return locates;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Frame(byte[][] messages)
    {
        var writer = new ItchTestWriter();
        foreach (var m in messages)
        {
            writer.Frame(m);
        }

        return writer.ToArray();
    }

    private static byte[] Write(int[] r)
    {
        var writer = new ItchTestWriter();
        for (ushort i = 0; i < Stocks.Length; i++)
        {
            writer.StockDirectory((ushort)(i + 1), 1_000, Stocks[i]);
        }

        long time = 2_000;
        for (var i = 0; i + 3 < r.Length; i += 4)
        {
            var locate = (ushort)(1 + (r[i + 1] % Stocks.Length));
            var reference = (ulong)(1 + (r[i + 2] % 12));
            var shares = (uint)(1 + (r[i + 3] % 500));
            var price = (uint)(1_000_000 + (r[i + 3] % 20 * 100));
            var side = r[i + 2] % 2 == 0 ? 'B' : 'S';
            time += 1_000;
            _ = (r[i] % 9) switch
            {
                0 or 1 or 2 => writer.AddOrder(locate, time, reference, side, shares, Stocks[locate - 1], price),
                3 => writer.AddOrderMpid(locate, time, reference, side, shares, Stocks[locate - 1], price, "ABCD"),
                4 => writer.OrderExecuted(locate, time, reference, shares, (ulong)i),
                5 => writer.OrderExecutedWithPrice(locate, time, reference, shares, (ulong)i, r[i] % 2 == 0 ? 'Y' : 'N', price),
                6 => writer.OrderCancel(locate, time, reference, shares),
                7 => writer.OrderDelete(locate, time, reference),
                _ => writer.OrderReplace(locate, time, reference, reference + 20, shares, price),
            };
        }

        return writer.ToArray();
    }

    /// <summary>Ignores the events; only the books' state is checked.</summary>
    public struct NullListener : IItchBookListener
    {
        /// <inheritdoc />
        public readonly void OnInstrument(in InstrumentDefinition instrument)
        {
        }

        /// <inheritdoc />
        public readonly void OnTrade(in TradeEvent trade)
        {
        }

        /// <inheritdoc />
        public readonly void OnQuote(in QuoteEvent quote)
        {
        }

        /// <inheritdoc />
        public readonly void OnLevelChange(in LevelChangeEvent change)
        {
        }

        /// <inheritdoc />
        public readonly void OnError(in ItchError rejected)
        {
        }
    }
}
