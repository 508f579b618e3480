using System.Diagnostics;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.Replay.Tests;

/// <summary>A temporary directory with journals written from known frames.</summary>
internal sealed class TestJournal : IDisposable
{
    public const long StartNs = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z

    public TestJournal()
    {
        Root = Path.Combine(Path.GetTempPath(), "tickstream-replay-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A Quote message (topic + SBE frame) for a symbol with a distinct sequence and price.</summary>
    public static byte[] Quote(string symbol, ulong seq, long exchangeTimeNs)
    {
        var buffer = new byte[256];
        var topicLength = Topic.Write(buffer, TopicClass.Quote, System.Text.Encoding.ASCII.GetBytes(symbol));
        var quote = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        quote.SetStreamSeq(seq);
        quote.SetSymbolSeq(seq);
        quote.SetExchangeTime((ulong)exchangeTimeNs);
        quote.SetIngestTime((ulong)exchangeTimeNs + 1000);
        quote.SetInstrumentId(1);
        quote.SetStreamId(1);
        quote.SetSymbol(System.Text.Encoding.ASCII.GetBytes(symbol));
        quote.SetVenue("XNAS"u8);
        quote.BidPrice.SetMantissa(100_000_000_000 + (long)seq * 10_000_000);
        quote.SetBidSize(100);
        quote.AskPrice.SetMantissa(100_010_000_000 + (long)seq * 10_000_000);
        quote.SetAskSize(200);
        return buffer[..(topicLength + quote.EncodedLength)];
    }

    /// <summary>Writes <paramref name="count"/> quotes, cycling through the symbols, <paramref name="gapNs"/> apart.</summary>
    public (string Directory, List<(byte[] Message, long TimeNs)> Records) WriteQuotes(string name, int count, long gapNs, params string[] symbols)
    {
        var directory = PathOf(name);
        var records = new List<(byte[], long)>();
        using var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "test", IndexEveryRecords = 64 });
        for (var i = 0; i < count; i++)
        {
            var time = StartNs + (i * gapNs);
            var message = Quote(symbols[i % symbols.Length], (ulong)i + 1, time);
            writer.Append(message, time);
            records.Add((message, time));
        }

        return (directory, records);
    }

    public static List<(byte[] Message, long TimeNs)> ReadAll(string directory, JournalReadOptions? options = null)
    {
        var records = new List<(byte[], long)>();
        using var reader = JournalReader.Open(directory, options);
        foreach (var record in reader)
        {
            records.Add((record.Message.ToArray(), record.ReceiveTimeNs));
        }

        return records;
    }

    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            Thread.Sleep(5);
        }

        Assert.True(condition(), what);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a socket linger or a lock: the temp directory is cleaned up by the OS.
        }
    }
}
