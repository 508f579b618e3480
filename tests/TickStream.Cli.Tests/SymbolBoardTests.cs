using System.Diagnostics;
using Spectre.Console;
using TickStream.Cli.Watch;
using TickStream.Client;

namespace TickStream.Cli.Tests;

public sealed class SymbolBoardTests
{
    [Fact]
    public void Render_RowsInNameOrderWhateverTheTickCounts()
    {
        var board = new SymbolBoard();
        Quote(board, "MSFT", 5);
        Quote(board, "AAPL", 1);
        Quote(board, "TSLA", 9);

        var text = Text(board.Render(new SubscriberCounters(), "t"));

        var aapl = text.IndexOf("AAPL", StringComparison.Ordinal);
        var msft = text.IndexOf("MSFT", StringComparison.Ordinal);
        var tsla = text.IndexOf("TSLA", StringComparison.Ordinal);
        Assert.True(aapl >= 0 && aapl < msft && msft < tsla, text);
    }

    [Fact]
    public void Render_MoreSymbolsThanRows_SaysHowManyMore()
    {
        var board = new SymbolBoard();
        foreach (var symbol in new[] { "A", "B", "C", "D", "E" })
        {
            Quote(board, symbol, 1);
        }

        var text = Text(board.Render(new SubscriberCounters(), "t", rows: 3));

        Assert.Contains("... 2 more", text, StringComparison.Ordinal);
        Assert.Contains("│ C ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("│ D ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_P99_ForgetsLatencyOlderThanTwoWindows()
    {
        var board = new SymbolBoard(TimeSpan.FromMilliseconds(20));
        Quote(board, "AAPL", 1, latencyNs: 5_000_000);
        Assert.StartsWith("50", P99(board, "AAPL"), StringComparison.Ordinal); // 5 ms within the histogram's 1%

        // Two windows later, with no new sample, the 5 ms tick has left the rolling p99.
        var clock = Stopwatch.StartNew();
        string p99;
        do
        {
            p99 = P99(board, "AAPL");
        }
        while (p99 != "-" && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal("-", p99);
    }

    // The last cell of the symbol's row.
    private static string P99(SymbolBoard board, string symbol)
    {
        var text = Text(board.Render(new SubscriberCounters(), "t"));
        foreach (var line in text.Split('\n'))
        {
            var cells = line.Split('│', StringSplitOptions.TrimEntries);
            if (cells.Length > 2 && cells[1] == symbol)
            {
                return cells[^2];
            }
        }

        throw new Xunit.Sdk.XunitException($"no row for {symbol} in:\n{text}");
    }

    private static void Quote(SymbolBoard board, string symbol, int count, long latencyNs = 100_000)
    {
        for (var i = 0; i < count; i++)
        {
            const ulong ingest = 1_000_000_000;
            board.Apply(new TickRecord
            {
                Kind = TickKind.Quote,
                Symbol = symbol,
                Price = 100_000_000_000,
                AskPrice = 100_100_000_000,
                IngestTimeNs = ingest,
                ReceiveTimeNs = (long)ingest + latencyNs,
            });
        }
    }

    private static string Text(Table table)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        console.Write(table);
        return writer.ToString();
    }
}
