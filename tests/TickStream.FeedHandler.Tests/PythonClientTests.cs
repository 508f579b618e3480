using System.Diagnostics;
using System.Text.Json;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>
/// The Python client (clients/python, pyzmq on the C libzmq) subscribes to a live feed handler and decodes its
/// frames with nothing but docs/WIRE.md behind it.
/// </summary>
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    internal static void SkipUnlessPyzmq()
    {
        if (!File.Exists(Python))
        {
            Assert.Skip($"{Python} is not installed (.ci/run installs python3-zmq)");
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import zmq"]) { RedirectStandardError = true })!;
        if (!probe.WaitForExit(TimeSpan.FromSeconds(20)) || probe.ExitCode != 0)
        {
            Assert.Skip("pyzmq is not installed for /usr/bin/python3 (apt-get install python3-zmq; .ci/run does)");
        }
    }

    [Fact]
    public async Task CSharpAndPythonClients_ReceiveTheSameFramesFromOneFeedHandler()
    {
        SkipUnlessPyzmq();
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 9, TicksPerSecond = 20_000, MaxTicks = 3_000, Symbols = ["AAPL", "MSFT", "SPY"] };
        var (trades, quotes) = FeedEngineTests.CountTicks(market, "MSFT");
        using var engine = new FeedEngine(FeedEngineTests.LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();

        var received = new List<(string Type, ulong StreamSeq, ulong SymbolSeq)>();
        var options = new Client.TickSubscriberOptions { Symbols = { "MSFT" } };
        options.Endpoints.Add(engine.Endpoint);
        using var csharp = new Client.TickSubscriber(options, (in Client.TickView view) =>
        {
            if (view.Kind is Client.TickKind.Trade or Client.TickKind.Quote)
            {
                lock (received)
                {
                    received.Add((view.Kind.ToString(), view.StreamSeq, view.SymbolSeq));
                }
            }
        });

        var start = new ProcessStartInfo(Python, ["-m", "tickstream", "--connect", engine.Endpoint, "--classes", "TQ", "--seconds", "25", "MSFT"])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var lines = new List<string>();
        python.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        };
        python.BeginOutputReadLine();
        try
        {
            // C#: H|, S| and T., Q., B., I. of MSFT; Python: H|, S|, T. and Q. of MSFT.
            FeedEngineTests.WaitForSubscriptions(engine, 10);
            engine.StartSources();
            await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            Assert.True(engine.Stop());

            int Ticks()
            {
                lock (lines)
                {
                    return lines.Count(l => l.Contains("\"type\": \"Trade\"", StringComparison.Ordinal) || l.Contains("\"type\": \"Quote\"", StringComparison.Ordinal));
                }
            }

            var clock = Stopwatch.StartNew();
            int CSharpTicks()
            {
                lock (received)
                {
                    return received.Count;
                }
            }

            while (clock.Elapsed < Deadline && (Ticks() < trades + quotes || CSharpTicks() < trades + quotes))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            python.Kill();
            python.WaitForExit(TimeSpan.FromSeconds(10));
        }

        List<(string, ulong, ulong)> fromPython;
        lock (lines)
        {
            fromPython = [.. lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("type").GetString() is "Trade" or "Quote")
                .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("streamSeq").GetUInt64(), e.GetProperty("symbolSeq").GetUInt64()))];
        }

        lock (received)
        {
            Assert.Equal(trades + quotes, received.Count);
            Assert.Equal(received, fromPython);
        }
    }

    [Fact]
    public async Task PythonSubscriber_DecodesEveryFrameOfItsSymbol()
    {
        SkipUnlessPyzmq();
        using var files = new TempDirectory();
        var csv = files.Write("ticks.csv", """
            time,symbol,type,price,size,side,bid,bid_size,ask,ask_size,trade_id
            2024-03-01T14:30:00Z,AAPL,Q,,,,189.99,500,190.01,700,
            2024-03-01T14:30:00.1Z,AAPL,T,190.01,200,B,,,,,1
            2024-03-01T14:30:00.2Z,MSFT,Q,,,,419.5,100,,,
            2024-03-01T14:30:00.3Z,AAPL,Q,,,,190,300,,,
            """);
        var registry = new InstrumentRegistry();
        using var engine = new FeedEngine(FeedEngineTests.LoopbackOptions(), [new CsvTickFileSource(csv, registry)], registry);
        engine.StartPublisher();

        var start = new ProcessStartInfo(Python, ["-m", "tickstream", "--connect", engine.Endpoint, "--count", "5", "--seconds", "25", "AAPL"])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            // H|, S| and T., Q., B., I. for AAPL: six subscriptions, then every frame counts.
            FeedEngineTests.WaitForSubscriptions(engine, 6);
            engine.StartSources();
            await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            Assert.True(python.WaitForExit(Deadline), "the python subscriber exits after 5 frames");
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(python.ExitCode == 0, await errors);
        var frames = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

        // StreamStart, then the instrument definition, then AAPL's three ticks, in order.
        Assert.Equal(["StreamStart", "InstrumentDefinition", "Quote", "Trade", "Quote"], frames.Select(f => f.GetProperty("type").GetString()).ToArray());
        var definition = frames[1];
        Assert.Equal("AAPL", definition.GetProperty("symbol").GetString());
        Assert.Equal(0.01, definition.GetProperty("tickSize").GetDouble());
        var quote = frames[2];
        Assert.Equal("Q.AAPL|", quote.GetProperty("topic").GetString());
        Assert.Equal(189.99, quote.GetProperty("bidPrice").GetDouble());
        Assert.Equal(500, quote.GetProperty("bidSize").GetInt64());
        Assert.Equal(190.01, quote.GetProperty("askPrice").GetDouble());
        Assert.Equal(700, quote.GetProperty("askSize").GetInt64());
        Assert.Equal(1, quote.GetProperty("symbolSeq").GetInt64());
        Assert.Equal(1_709_303_400_000_000_000, quote.GetProperty("exchangeTime").GetInt64());
        var trade = frames[3];
        Assert.Equal(190.01, trade.GetProperty("price").GetDouble());
        Assert.Equal(200, trade.GetProperty("size").GetInt64());
        Assert.Equal("Buy", trade.GetProperty("aggressorSide").GetString());
        Assert.Equal(1, trade.GetProperty("tradeId").GetInt64());
        Assert.Equal(1, trade.GetProperty("symbolSeq").GetInt64());
        var oneSided = frames[4];
        Assert.Equal(2, oneSided.GetProperty("symbolSeq").GetInt64());
        Assert.Equal(JsonValueKind.Null, oneSided.GetProperty("askPrice").ValueKind);
        Assert.Equal(4, oneSided.GetProperty("streamSeq").GetInt64());
    }
}
