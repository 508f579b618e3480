using Microsoft.Extensions.Logging.Abstractions;
using TickStream.Wire;

namespace TickStream.Gateway.Tests;

/// <summary>The size limits' options, the per-cause drop counters and the rate-limited drop log, without sockets.</summary>
public sealed class UpstreamLimitsTests
{
    [Theory]
    [InlineData(nameof(GatewayOptions.MaxUpstreamMessageSize), 1023)]
    [InlineData(nameof(GatewayOptions.MaxSubscriptionMessageSize), 100)]
    [InlineData(nameof(GatewayOptions.MaxRequestMessageSize), 0)]
    [InlineData(nameof(GatewayOptions.RejectionLogLinesPerSecond), -1)]
    public void Options_LimitOutOfRange_ErrorNamesTheOption(string option, int value)
    {
        var options = new GatewayOptions { Upstreams = { "tcp://127.0.0.1:1" } };
        Assert.True(options.IsValid(out var error), error);
        typeof(GatewayOptions).GetProperty(option)!.SetValue(options, value);
        Assert.False(options.IsValid(out error));
        Assert.StartsWith($"Gateway:{option}: {value}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_LimitEveryReceivingSocket()
    {
        var options = new GatewayOptions();
        Assert.Equal(64 * 1024, options.MaxUpstreamMessageSize);
        Assert.Equal(1024, options.MaxSubscriptionMessageSize);
        Assert.Equal(8 * 1024, options.MaxRequestMessageSize);
        Assert.Equal(10, options.RejectionLogLinesPerSecond);
    }

    [Fact]
    public void Counters_RejectedByCause_CountEachCauseAndTheTotal()
    {
        var counters = new GatewayCounters();
        counters.AddRejected(FrameRejection.WrongSchema);
        counters.AddRejected(FrameRejection.WrongSchema);
        counters.AddRejected(FrameRejection.Multipart);
        Assert.Equal(2, counters.RejectedBy(FrameRejection.WrongSchema));
        Assert.Equal(1, counters.RejectedBy(FrameRejection.Multipart));
        Assert.Equal(0, counters.RejectedBy(FrameRejection.NoTopic));
        Assert.Equal(0, counters.RejectedBy(FrameRejection.None));
        Assert.Equal(3, counters.Malformed);
        Assert.Contains("(WrongSchema 2, Multipart 1)", counters.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectionLog_FloodInOneSecond_WritesTheLimitThenOneSuppressedLine()
    {
        var logger = new ListLogger();
        var log = new RejectionLog(logger, 5, "tcp://rogue:1");
        var message = "Q.AAPL|\u0001\u0002"u8.ToArray();
        for (var i = 0; i < 100; i++)
        {
            log.Report(FrameRejection.TooShortForHeader, message, 10_000 + (i % 900));
        }

        Assert.Equal(5, logger.Lines.Count);
        Assert.All(logger.Lines, line =>
        {
            Assert.Contains("TooShortForHeader", line, StringComparison.Ordinal);
            Assert.Contains("shorter than the 8-byte SBE header", line, StringComparison.Ordinal);
            Assert.Contains("9 bytes from tcp://rogue:1", line, StringComparison.Ordinal);
            Assert.Contains("512E4141504C7C0102", line, StringComparison.Ordinal);
        });

        log.Flush(11_000);
        Assert.Equal(6, logger.Lines.Count);
        Assert.StartsWith("95 more upstream messages dropped", logger.Lines.Last(), StringComparison.Ordinal);

        // Nothing more to say: a second flush writes nothing; the next second logs again.
        log.Flush(11_500);
        Assert.Equal(6, logger.Lines.Count);
        log.Report(FrameRejection.WrongSchema, message, 11_000);
        Assert.Equal(7, logger.Lines.Count);
        Assert.Equal(6, log.Written);
        Assert.Equal(1, log.SuppressedLines);
    }

    [Fact]
    public void RejectionLog_LongMessage_ShowsOnlyItsHead()
    {
        var logger = new ListLogger();
        var log = new RejectionLog(logger, 5, "u");
        var message = new byte[4096];
        message.AsSpan().Fill(0xAB);
        log.Report(FrameRejection.NoTopic, message, 0);
        Assert.Contains("4096 bytes", logger.Lines[0], StringComparison.Ordinal);
        Assert.Contains("first bytes " + string.Concat(Enumerable.Repeat("AB", RejectionLog.HeadBytes)), logger.Lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(string.Concat(Enumerable.Repeat("AB", RejectionLog.HeadBytes + 1)), logger.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DropPath_ValidateCountAndSuppressedOrDisabledLog_AllocatesNothing()
    {
        var counters = new GatewayCounters();
        var disabled = new RejectionLog(NullLogger.Instance, 10, "u");
        var suppressed = new RejectionLog(new ListLogger(), 0, "u");
        byte[][] messages = ["garbage"u8.ToArray(), [.. "Q.AAPL|"u8, 1, 2, 3], [.. "Z.AAPL|"u8, .. new byte[104]]];
        long sum = Loop(10); // warm up: JIT and tiering
        var passes = 0;
        var allocated = Allocation.FewestBytes(() =>
        {
            passes++;
            sum += Loop(10_000);
        });

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
        Assert.Equal(3 * (10 + (passes * 10_000)) * 2, counters.Malformed);

        long Loop(int rounds)
        {
            long total = 0;
            for (var r = 0; r < rounds; r++)
            {
                foreach (var message in messages)
                {
                    var rejection = FrameValidator.ValidateMessage(message, out _, out _);
                    counters.AddRejected(rejection);
                    disabled.Report(rejection, message, r);
                    counters.AddRejected(rejection);
                    suppressed.Report(rejection, message, 0);
                    total += (int)rejection;
                }
            }

            return total;
        }
    }
}
