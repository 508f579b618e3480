using System.Buffers.Binary;
using System.Text;

namespace TickStream.Benchmarks.Itch;

/// <summary>
/// Generates an in-memory ITCH 5.0 BinaryFILE with a realistic order-flow mix (mostly adds, deletes, executions,
/// cancels and replaces over many price levels and stocks) that leaves every book empty at the end, so a benchmark
/// can replay it into the same books any number of times.
/// </summary>
public static class ItchFlowGenerator
{
    /// <summary>Stock directory messages for <paramref name="stocks"/> stocks, locates 1..n.</summary>
    public static byte[] Directory(int stocks)
    {
        var output = new List<byte>();
        Span<byte> message = stackalloc byte[39];
        for (var locate = 1; locate <= stocks; locate++)
        {
            message.Clear();
            Header(message, 'R', (ushort)locate, locate);
            var symbol = message.Slice(11, 8);
            symbol.Fill((byte)' ');
            Encoding.ASCII.GetBytes($"S{locate:D4}", symbol);
            message[19] = (byte)'Q';
            message[20] = (byte)'N';
            BinaryPrimitives.WriteUInt32BigEndian(message[21..], 100);
            message.Slice(25, 14).Fill((byte)'N');
            output.Add(0);
            output.Add(39);
            output.AddRange(message.ToArray());
        }

        return [.. output];
    }

    /// <summary>
    /// Exactly <paramref name="messages"/> messages: adds ~46%, deletes ~37%, executions ~8%, cancels ~4%,
    /// replaces ~4% (plus up to three system events to land on the exact count), with a window of live orders.
    /// </summary>
    public static byte[] OrderFlow(int messages, int stocks, int liveOrders, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[messages * 40 + 1024];
        var position = 0;
        var live = new Queue<(ulong Reference, ushort Locate, uint Shares, bool Buy)>();
        long ts = 34_200_000_000_000;
        ulong nextReference = 1;
        ulong match = 1;
        var count = 0;
        while (count + live.Count + 3 < messages)
        {
            var locate = (ushort)(1 + random.Next(stocks));
            var buy = random.Next(2) == 0;
            var price = (uint)(buy ? 1_000_000 - (random.Next(30) * 100) : 1_000_100 + (random.Next(30) * 100));
            var shares = (uint)(100 * (1 + random.Next(10)));
            var reference = nextReference++;
            position += Add(buffer.AsSpan(position), locate, ts++, reference, buy, shares, price);
            count++;
            live.Enqueue((reference, locate, shares, buy));
            if (live.Count <= liveOrders)
            {
                continue;
            }

            var (oldest, oldLocate, oldShares, oldBuy) = live.Dequeue();
            var roll = random.Next(100);
            if (roll < 10)
            {
                // Partial execution, then the rest goes later.
                position += Executed(buffer.AsSpan(position), oldLocate, ts++, oldest, oldShares / 2, match++);
                position += Delete(buffer.AsSpan(position), oldLocate, ts++, oldest);
                count += 2;
            }
            else if (roll < 18)
            {
                position += Executed(buffer.AsSpan(position), oldLocate, ts++, oldest, oldShares, match++);
                count++;
            }
            else if (roll < 26)
            {
                position += Cancel(buffer.AsSpan(position), oldLocate, ts++, oldest, 50);
                position += Delete(buffer.AsSpan(position), oldLocate, ts++, oldest);
                count += 2;
            }
            else if (roll < 34)
            {
                var replacement = nextReference++;
                var newPrice = (uint)(oldBuy ? 1_000_000 - (random.Next(30) * 100) : 1_000_100 + (random.Next(30) * 100));
                position += Replace(buffer.AsSpan(position), oldLocate, ts++, oldest, replacement, oldShares, newPrice);
                live.Enqueue((replacement, oldLocate, oldShares, oldBuy));
                count++;
            }
            else
            {
                position += Delete(buffer.AsSpan(position), oldLocate, ts++, oldest);
                count++;
            }
        }

        while (live.Count > 0)
        {
            var (reference, locate, _, _) = live.Dequeue();
            if (buffer.Length - position < 64)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            position += Delete(buffer.AsSpan(position), locate, ts++, reference);
            count++;
        }

        while (count < messages)
        {
            position += SystemEvent(buffer.AsSpan(position), ts++);
            count++;
        }

        return buffer.AsSpan(0, position).ToArray();
    }

    private static int SystemEvent(Span<byte> frame, long ts)
    {
        var m = Begin(frame, 12, 'S', 0, ts);
        m[11] = (byte)'Q';
        return 14;
    }

    private static int Add(Span<byte> frame, ushort locate, long ts, ulong reference, bool buy, uint shares, uint price)
    {
        var m = Begin(frame, 36, 'A', locate, ts);
        BinaryPrimitives.WriteUInt64BigEndian(m[11..], reference);
        m[19] = buy ? (byte)'B' : (byte)'S';
        BinaryPrimitives.WriteUInt32BigEndian(m[20..], shares);
        "S0001   "u8.CopyTo(m[24..]);
        BinaryPrimitives.WriteUInt32BigEndian(m[32..], price);
        return 38;
    }

    private static int Executed(Span<byte> frame, ushort locate, long ts, ulong reference, uint shares, ulong match)
    {
        var m = Begin(frame, 31, 'E', locate, ts);
        BinaryPrimitives.WriteUInt64BigEndian(m[11..], reference);
        BinaryPrimitives.WriteUInt32BigEndian(m[19..], shares);
        BinaryPrimitives.WriteUInt64BigEndian(m[23..], match);
        return 33;
    }

    private static int Cancel(Span<byte> frame, ushort locate, long ts, ulong reference, uint shares)
    {
        var m = Begin(frame, 23, 'X', locate, ts);
        BinaryPrimitives.WriteUInt64BigEndian(m[11..], reference);
        BinaryPrimitives.WriteUInt32BigEndian(m[19..], shares);
        return 25;
    }

    private static int Delete(Span<byte> frame, ushort locate, long ts, ulong reference)
    {
        var m = Begin(frame, 19, 'D', locate, ts);
        BinaryPrimitives.WriteUInt64BigEndian(m[11..], reference);
        return 21;
    }

    private static int Replace(Span<byte> frame, ushort locate, long ts, ulong original, ulong replacement, uint shares, uint price)
    {
        var m = Begin(frame, 35, 'U', locate, ts);
        BinaryPrimitives.WriteUInt64BigEndian(m[11..], original);
        BinaryPrimitives.WriteUInt64BigEndian(m[19..], replacement);
        BinaryPrimitives.WriteUInt32BigEndian(m[27..], shares);
        BinaryPrimitives.WriteUInt32BigEndian(m[31..], price);
        return 37;
    }

    private static Span<byte> Begin(Span<byte> frame, int length, char type, ushort locate, long ts)
    {
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)length);
        var message = frame.Slice(2, length);
        Header(message, type, locate, ts);
        return message;
    }

    private static void Header(Span<byte> message, char type, ushort locate, long ts)
    {
        message[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(message[1..], locate);
        BinaryPrimitives.WriteUInt16BigEndian(message[3..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(message[5..], (ushort)(ts >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(message[7..], (uint)ts);
    }
}
