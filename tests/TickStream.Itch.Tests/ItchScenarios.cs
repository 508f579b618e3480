namespace TickStream.Itch.Tests;

/// <summary>Generated message streams.</summary>
internal static class ItchScenarios
{
    public static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "AMZN"];

    /// <summary>Stock directory messages for <see cref="Symbols"/> (locates 1..n).</summary>
    public static byte[] Directory()
    {
        var writer = new ItchTestWriter();
        for (var i = 0; i < Symbols.Length; i++)
        {
            writer.StockDirectory((ushort)(i + 1), i, Symbols[i]);
        }

        return writer.ToArray();
    }

    /// <summary>
    /// Order flow that keeps a window of live orders per stock spread over many price levels, with executions,
    /// cancels, replaces and deletes, and leaves every book empty at the end so it can be replayed.
    /// </summary>
    public static byte[] BalancedFlow(int orders, int window, int seed)
    {
        var random = new Random(seed);
        var writer = new ItchTestWriter();
        var live = new Queue<(ulong Reference, ushort Locate, uint Shares)>();
        long ts = 1_000;
        ulong nextReference = 1;
        ulong match = 1;
        for (var i = 0; i < orders; i++)
        {
            var locate = (ushort)(1 + random.Next(Symbols.Length));
            var buy = random.Next(2) == 0;
            var price = (uint)(buy ? 1_000_000 - (random.Next(40) * 100) : 1_000_100 + (random.Next(40) * 100));
            var shares = (uint)(100 * (1 + random.Next(10)));
            var reference = nextReference++;
            writer.AddOrder(locate, ts++, reference, buy ? 'B' : 'S', shares, Symbols[locate - 1], price);
            live.Enqueue((reference, locate, shares));
            if (live.Count <= window)
            {
                continue;
            }

            var (oldest, oldLocate, oldShares) = live.Dequeue();
            switch (random.Next(10))
            {
                case 0:
                    writer.OrderExecuted(oldLocate, ts++, oldest, oldShares / 2, match++);
                    writer.OrderDelete(oldLocate, ts++, oldest);
                    break;
                case 1:
                    writer.OrderCancel(oldLocate, ts++, oldest, 50);
                    writer.OrderDelete(oldLocate, ts++, oldest);
                    break;
                case 2:
                    var replacement = nextReference++;
                    writer.OrderReplace(oldLocate, ts++, oldest, replacement, oldShares + 100, 1_000_000);
                    writer.OrderDelete(oldLocate, ts++, replacement);
                    break;
                case 3:
                    writer.OrderExecuted(oldLocate, ts++, oldest, oldShares, match++);
                    break;
                default:
                    writer.OrderDelete(oldLocate, ts++, oldest);
                    break;
            }
        }

        while (live.Count > 0)
        {
            var (reference, locate, _) = live.Dequeue();
            writer.OrderDelete(locate, ts++, reference);
        }

        return writer.ToArray();
    }
}
