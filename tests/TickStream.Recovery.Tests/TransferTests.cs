using System.Text;
using TickStream.Journal;

namespace TickStream.Recovery.Tests;

/// <summary>Requests, credit, caps, expiry, and retransmission from the window and the journal, without sockets.</summary>
public sealed class TransferTests
{
    private static readonly ReplyEnvelope Client = new([0, 0, 0, 0, 1], false);
    private static readonly ReplyEnvelope Other = new([0, 0, 0, 0, 2], false);

    [Theory]
    [InlineData("RETRANSMIT", "RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq>")]
    [InlineData("RETRANSMIT 1 * 5", "RETRANSMIT <streamId>")]
    [InlineData("RETRANSMIT x * 1 2", "streamId 'x' is not 0 to 65535")]
    [InlineData("RETRANSMIT 70000 * 1 2", "streamId '70000'")]
    [InlineData("RETRANSMIT 1 -3 1 2", "sessionId '-3' is neither * nor")]
    [InlineData("RETRANSMIT 1 * 0 2", "got fromSeq '0' toSeq '2'")]
    [InlineData("RETRANSMIT 1 * 9 2", "got fromSeq '9' toSeq '2'")]
    [InlineData("RETRANSMIT 1 * 1 2 Q.ABCDEFGHIJKLMNOPQRSTUVWXYZ", "prefix 'Q.ABCDEFGHIJKLMNOPQRSTUVWXYZ'")]
    [InlineData("CREDIT", "CREDIT <n> with n a whole number of at least 1")]
    [InlineData("CREDIT 0", "got '0'")]
    [InlineData("CREDIT lots", "got 'lots'")]
    [InlineData("CANCEL now", "CANCEL with no arguments")]
    public void Malformed_IsAnErrorSayingWhatWasExpected(string text, string expected)
    {
        var (commands, _, counters) = Service(new RetransmitWindow(64), null);
        var reply = commands.Handle(Client, RequestText.Words(text), null, 0);
        Assert.Null(reply.Message);
        Assert.Contains(expected, reply.Error, StringComparison.Ordinal);
        Assert.Equal(1, counters.Errors);
    }

    [Fact]
    public void Retransmit_FromTheWindow_ByteIdenticalWithPrefixFilter()
    {
        var (window, sent) = Filled(64, 100);
        var (commands, _, _) = Service(window, null);
        var reply = commands.Handle(Client, RequestText.Words("RETRANSMIT 1 * 60 80 T.MSFT| Q.AAPL|"), null, 0);
        var message = Frames(reply.Message);
        Assert.Equal("END", Status(message));
        var expected = sent.Where(m => Seq(m) is >= 60 and <= 80 && (m.AsSpan().StartsWith("T.MSFT|"u8) || m.AsSpan().StartsWith("Q.AAPL|"u8))).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, message[1..^1]);
    }

    [Fact]
    public void Retransmit_OutsideTheWindowWithoutJournal_IsUnavailableNamingWhatIsHeld()
    {
        var (window, _) = Filled(64, 1_000);
        var (commands, _, counters) = Service(window, null);
        Assert.True(window.TryGetHeld(1, out _, out var first, out _));
        var reply = commands.Handle(Client, RequestText.Words("RETRANSMIT 1 7 1 10"), null, 0);
        var status = Status(Frames(reply.Message));
        Assert.Equal($"ERROR unavailable: stream 1 session 7 holds {first}..1000 in memory and has no journal; asked 1..10", status);
        Assert.Equal(1, counters.Unavailable);

        reply = commands.Handle(Client, RequestText.Words("RETRANSMIT 1 8 1 10"), null, 0);
        Assert.StartsWith("ERROR unavailable: stream 1 session 8 holds nothing in memory (its current session there is 7", Status(Frames(reply.Message)), StringComparison.Ordinal);
        reply = commands.Handle(Client, RequestText.Words("RETRANSMIT 2 * 1 10"), null, 0);
        Assert.StartsWith("ERROR unavailable: stream 2 has not been seen here", Status(Frames(reply.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Retransmit_OlderThanTheWindow_ComesFromTheJournalThenTheWindow()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        var (window, sent) = Filled(64, 3_000, journal);
        var (commands, table, _) = Service(window, journal, maxReplyFrames: 500);
        var socket = new CollectingSocket();
        var first = Frames(commands.Handle(Client, RequestText.Words("RETRANSMIT 1 7 1 3000"), null, 0).Message);
        Assert.Equal("MORE", Status(first));
        var received = first[1..^1];
        for (var i = 0; i < 100 && table.Count > 0; i++)
        {
            commands.Handle(Client, RequestText.Words("CREDIT 1"), null, 0);
            while (table.HasWork)
            {
                table.Pump(socket, 0);
            }
        }

        Assert.Equal(0, table.Count);
        Assert.Equal("END", Encoding.ASCII.GetString(socket.Messages[^1][^1]));
        received.AddRange(socket.Messages.SelectMany(m => m.Skip(1).Take(m.Count - 2)));
        Assert.Equal(sent, received);
    }

    [Fact]
    public void Retransmit_OfAnOldSessionInTheJournal_IsServedAndANeverHeldRangeIsUnavailable()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        using (var writer = JournalWriter.Open(journal, new JournalWriterOptions { StreamName = "t" }))
        {
            writer.Append(WireMessages.StreamStart(1, 3), 1);
            for (ulong seq = 1; seq <= 50; seq++)
            {
                writer.Append(WireMessages.Quote("AAPL", 1, seq, seq), (long)seq);
            }

            writer.Append(WireMessages.StreamStart(1, 4), 100);
            writer.Append(WireMessages.Quote("AAPL", 1, 1, 1), 101);
        }

        var (commands, _, counters) = Service(new RetransmitWindow(64), journal);
        var old = Frames(commands.Handle(Client, RequestText.Words("RETRANSMIT 1 3 40 45"), null, 0).Message);
        Assert.Equal("END", Status(old));
        Assert.Equal([40UL, 41, 42, 43, 44, 45], old[1..^1].Select(Seq));

        var missing = Frames(commands.Handle(Client, RequestText.Words("RETRANSMIT 1 3 60 70"), null, 0).Message);
        Assert.Equal("ERROR unavailable: stream 1 session 3 holds nothing in memory and 1..50 in the journal; asked 60..70", Status(missing));
        Assert.Equal(1, counters.Unavailable);
    }

    [Fact]
    public void Credit_NoReadsAndNoCredit_OnlyTheFirstMessageIsQueuedUntilCreditedAndCreditIsClamped()
    {
        var (window, _) = Filled(4096, 4_000);
        var (commands, table, counters) = Service(window, null, maxReplyFrames: 100);
        var socket = new CollectingSocket();
        Assert.Equal("MORE", Status(Frames(commands.Handle(Client, RequestText.Words("RETRANSMIT 1 * 1 4000"), null, 0).Message)));
        for (var i = 0; i < 10; i++)
        {
            table.Pump(socket, 0);
        }

        Assert.Empty(socket.Messages);
        Assert.Equal(1, counters.MessagesSent);
        Assert.True(counters.FramesSent <= 100);

        // Another request on the same connection is busy; CREDIT with no transfer is ignored.
        Assert.StartsWith("ERROR busy", Status(Frames(commands.Handle(Client, RequestText.Words("RETRANSMIT 1 * 1 2"), null, 0).Message)), StringComparison.Ordinal);
        Assert.Null(commands.Handle(Other, RequestText.Words("CREDIT 5"), null, 0).Message);
        Assert.Equal(1, counters.CreditIgnored);

        commands.Handle(Client, RequestText.Words("CREDIT 1000000"), null, 0);
        while (table.HasWork)
        {
            table.Pump(socket, 0);
        }

        Assert.Equal(8, socket.Messages.Count);
        Assert.All(socket.Messages, m => Assert.InRange(m.Count - 2, 1, 100));
        Assert.Equal(1, table.Count);

        var cancel = Frames(commands.Handle(Client, RequestText.Words("CANCEL"), null, 0).Message);
        Assert.Equal("END CANCELLED", Status(cancel));
        Assert.Equal(0, table.Count);
        Assert.Equal(1, counters.Cancelled);
    }

    [Fact]
    public void Transfers_IdleWithoutCreditExpire_AndTheGlobalCapAnswersBusy()
    {
        var (window, _) = Filled(4096, 4_000);
        var options = new TransferOptions { MaxReplyFrames = 10, MaxTransfers = 2, IdleTimeout = TimeSpan.FromSeconds(5) };
        var counters = new TransferCounters();
        var table = new TransferTable(options, counters);
        var commands = new RecoveryCommands(table, window, null, counters);
        for (byte id = 1; id <= 3; id++)
        {
            var status = Status(Frames(commands.Handle(new ReplyEnvelope([0, id], false), RequestText.Words("RETRANSMIT 1 * 1 4000"), null, 1_000).Message));
            Assert.Equal(id <= 2 ? "MORE" : "ERROR busy: 2 transfers are open on this server, the most it keeps; ask again later", status);
        }

        Assert.Equal(0, table.Expire(5_999));
        Assert.Equal(2, table.Expire(6_000));
        Assert.Equal(2, counters.Expired);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, counters.Open);
    }

    internal static (RecoveryCommands Commands, TransferTable Table, TransferCounters Counters) Service(RetransmitWindow window, string? journal, int maxReplyFrames = 1_000)
    {
        var counters = new TransferCounters();
        var table = new TransferTable(new TransferOptions { MaxReplyFrames = maxReplyFrames }, counters);
        return (new RecoveryCommands(table, window, journal, counters), table, counters);
    }

    // A window of session 7 on stream 1 fed with AAPL quotes and MSFT trades 1..count, also journaled when asked.
    internal static (RetransmitWindow Window, List<byte[]> Sent) Filled(int capacity, int count, string? journal = null)
    {
        var window = new RetransmitWindow(capacity);
        var sent = new List<byte[]>();
        using var writer = journal is null ? null : JournalWriter.Open(journal, new JournalWriterOptions { StreamName = "t" });
        var start = WireMessages.StreamStart(1, 7);
        window.Append(start);
        writer?.Append(start, 1);
        for (ulong seq = 1; seq <= (ulong)count; seq++)
        {
            var message = seq % 3 == 0 ? WireMessages.Trade("MSFT", 1, seq, seq) : WireMessages.Quote("AAPL", 1, seq, seq);
            window.Append(message);
            writer?.Append(message, (long)seq);
            sent.Add(message);
        }

        return (window, sent);
    }

    internal static List<byte[]> Frames(NetMQ.NetMQMessage? message)
    {
        Assert.NotNull(message);
        return message.Select(f => f.ToByteArray()).ToList();
    }

    internal static string Status(List<byte[]> frames) => Encoding.ASCII.GetString(frames[^1]);

    internal static ulong Seq(byte[] message) => BitConverter.ToUInt64(message, Array.IndexOf(message, (byte)'|') + 1 + 8);
}

/// <summary>Entitlements: a symbol filter passes only the allowed symbols' frames.</summary>
public sealed class SymbolFilterTests
{
    [Fact]
    public void Retransmit_WithASymbolFilter_CarriesOnlyAllowedSymbols()
    {
        var (window, sent) = TransferTests.Filled(4096, 300);
        var (commands, _, _) = TransferTests.Service(window, null);
        var reply = commands.Handle(new ReplyEnvelope([1], false), RequestText.Words("RETRANSMIT 1 * 1 300"), static s => s.SequenceEqual("MSFT"u8), 0);
        var frames = TransferTests.Frames(reply.Message);
        Assert.Equal("END", TransferTests.Status(frames));
        Assert.Equal(sent.FindAll(m => m[0] == (byte)'T'), frames[1..^1]);
    }
}
