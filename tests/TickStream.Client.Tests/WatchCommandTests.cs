using System.CommandLine;
using System.Text.Json;
using TickStream.Cli.Commands;
using TickStream.Testing;

namespace TickStream.Client.Tests;

public sealed class WatchCommandTests
{
    private static RootCommand Root()
    {
        var root = new RootCommand("tickstream");
        root.Subcommands.Add(WatchCommand.Create());
        return root;
    }

    /// <summary>A writer the test can read while the command writes from other threads.</summary>
    private sealed class SharedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }
    }

    [Fact]
    public async Task Watch_RawJson_PrintsOneParsableObjectPerFrame_AndExitsCleanlyWhenCancelled()
    {
        using var publisher = new TestPublisher();
        using var output = new SharedWriter();
        using var error = new SharedWriter();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var parse = Root().Parse(["watch", "--connect", publisher.Endpoint, "--raw", "--format", "json", "--latency", "AAPL"]);
        Assert.Empty(parse.Errors);
        var run = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancel.Token);

        publisher.ProbeUntil(() => output.Text.Contains("\"symbol\":\"AAPL\"", StringComparison.Ordinal), "AAPL");
        publisher.Send(TestFrames.Quote("AAPL", 1, 1, 1, bid: 189_990_000_000, ask: 190_010_000_000));
        publisher.Send(TestFrames.Trade("AAPL", 1, 2, 1, price: 190_000_000_000, size: 25));
        publisher.Send(TestFrames.Quote("MSFT", 1, 3, 1));
        publisher.Send(TestFrames.Heartbeat(1, 3));
        Poll.Require(() => output.Text.Contains("\"type\":\"Heartbeat\"", StringComparison.Ordinal), what: "the heartbeat line");

        await cancel.CancelAsync();
        var exitCode = await run.WaitAsync(Poll.DefaultDeadline, TestContext.Current.CancellationToken);
        Assert.Equal(0, exitCode);

        var objects = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(o => o.GetProperty("streamId").GetInt32() == 1)
            .ToList();
        Assert.Equal(["Quote", "Trade", "Heartbeat"], objects.Select(o => o.GetProperty("type").GetString()));
        var quote = objects[0];
        Assert.Equal("AAPL", quote.GetProperty("symbol").GetString());
        Assert.Equal(189.99m, quote.GetProperty("bidPrice").GetDecimal());
        Assert.Equal(190.01m, quote.GetProperty("askPrice").GetDecimal());
        Assert.Equal(300, quote.GetProperty("bidSize").GetInt64());
        Assert.Equal(1UL, quote.GetProperty("symbolSeq").GetUInt64());
        var trade = objects[1];
        Assert.Equal(190m, trade.GetProperty("price").GetDecimal());
        Assert.Equal(25, trade.GetProperty("size").GetInt64());
        Assert.True(trade.GetProperty("latencyNs").GetInt64() > 0);
        Assert.Equal(3UL, objects[2].GetProperty("streamSeq").GetUInt64());

        // The summary and the latency table go to the error stream, so the output stays pure JSON.
        Assert.Contains("frames in", error.Text, StringComparison.Ordinal);
        Assert.Contains("p99", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WithReq_RepairsAGapInOrderAndTheSummarySaysSo()
    {
        using var publisher = new TestPublisher();
        using var server = new TickStream.Testing.FakeRequestServer();
        using var output = new SharedWriter();
        using var error = new SharedWriter();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var parse = Root().Parse(["watch", "--connect", publisher.Endpoint, "--req", server.Endpoint, "--raw", "--format", "json", "AAPL"]);
        Assert.Empty(parse.Errors);
        var run = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancel.Token);

        publisher.ProbeUntil(() => output.Text.Contains("\"symbol\":\"AAPL\"", StringComparison.Ordinal), "AAPL");
        for (ulong i = 1; i <= 6; i++)
        {
            var quote = TestFrames.Quote("AAPL", 1, i, i);
            server.Add(quote);
            if (i != 3)
            {
                publisher.Send(quote);
            }
        }

        List<ulong> SymbolSeqs() => [.. output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(o => o.GetProperty("streamId").GetInt32() == 1)
            .Select(o => o.GetProperty("symbolSeq").GetUInt64())];
        Poll.Require(() => SymbolSeqs().Count >= 6, what: "six quotes");
        await cancel.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Poll.DefaultDeadline, TestContext.Current.CancellationToken));

        Assert.Equal([1UL, 2, 3, 4, 5, 6], SymbolSeqs());
        Assert.Contains("gaps repaired 1 (1 frames), gaps lost 0 (0 frames)", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_ReqServerKeyWithoutReq_IsAParseError() =>
        Assert.NotEmpty(Root().Parse(["watch", "--req-server-key", new string('a', 40), "AAPL"]).Errors);

    [Fact]
    public async Task Watch_RawText_WithDuration_StopsByItselfWithExitCodeZero()
    {
        using var publisher = new TestPublisher();
        using var output = new SharedWriter();
        using var error = new SharedWriter();
        var parse = Root().Parse(["watch", "-c", publisher.Endpoint, "--raw", "--duration", "1500ms", "MSFT"]);
        var run = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);

        publisher.ProbeUntil(() => output.Text.Contains("Q 99 MSFT", StringComparison.Ordinal) || run.IsCompleted, "MSFT");
        var exitCode = await run.WaitAsync(Poll.DefaultDeadline, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Contains("Q 99 MSFT seq=", output.Text, StringComparison.Ordinal);
        Assert.Contains("tickstream watch:", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Table_WhenNotATerminal_PrintsTheFinalTable()
    {
        using var publisher = new TestPublisher();
        using var output = new SharedWriter();
        using var error = new SharedWriter();
        var run = Root().Parse(["watch", "-c", publisher.Endpoint, "--duration", "2s", "IBM"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);

        // The table is drawn only at exit when the output is not a terminal: publish until the run ends.
        ulong seq = 0;
        Poll.Require(() => run.IsCompleted, () =>
        {
            seq++;
            publisher.Send(TestFrames.Trade("IBM", 1, seq, seq, price: 123_450_000_000, size: 7));
        }, what: "the end of the run");

        Assert.Equal(0, await run);
        Assert.Contains("IBM", output.Text, StringComparison.Ordinal);
        Assert.Contains("7@123.45", output.Text, StringComparison.Ordinal);
        Assert.Contains("frames in", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_UnknownOption_GivesAClearErrorAndNonZeroExit()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parse = Root().Parse(["watch", "--bogus", "AAPL"]);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--bogus", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_MalformedEndpoint_ExplainsInsteadOfThrowing()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Cli.Hosting.CliEntry.RunAsync(["watch", "--connect", "tcp//nowhere", "--raw", "AAPL"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains("--connect: 'tcp//nowhere' is not an endpoint", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_InvalidSymbolOrDuration_IsAParseError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var badDuration = Root().Parse(["watch", "--duration", "soon", "AAPL"]);
        Assert.Contains(badDuration.Errors, e => e.Message.Contains("'soon' is not a duration", StringComparison.Ordinal));
        var badSymbol = Root().Parse(["watch", "AA|PL"]);
        Assert.Contains(badSymbol.Errors, e => e.Message.Contains("'AA|PL' is not a valid symbol", StringComparison.Ordinal));
        Assert.NotEqual(0, await badDuration.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken));
        Assert.Contains("'soon' is not a duration", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_NothingArriving_WarnsAfterTheSilencePeriod()
    {
        // A bound socket that never publishes: the connection succeeds and nothing arrives.
        using var publisher = new TestPublisher();
        using var output = new SharedWriter();
        using var error = new SharedWriter();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Cli.Watch.WatchRunner.RunAsync(
            new Cli.Watch.WatchSettings
            {
                Endpoints = [publisher.Endpoint],
                Symbols = ["AAPL"],
                Raw = true,
                SilenceWarning = TimeSpan.FromMilliseconds(200),
                Duration = TimeSpan.FromSeconds(30),
            },
            output,
            error,
            cancel.Token);

        Poll.Require(() => error.Text.Contains("nothing received from", StringComparison.Ordinal), what: "the silence warning");
        Assert.False(run.IsCompleted);
        Assert.Empty(output.Text);
        await cancel.CancelAsync();

        // Nothing arrived for the symbol asked for: the run did not do its job.
        Assert.Equal(1, await run.WaitAsync(Poll.DefaultDeadline, TestContext.Current.CancellationToken));
        Assert.Contains("nothing received for AAPL", error.Text, StringComparison.Ordinal);
    }
}
