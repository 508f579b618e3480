using System.IO.Compression;

namespace TickStream.Itch.Tests;

public sealed class ItchFileReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("itch-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Open_GzipFile_DetectsMagicAndParses()
    {
        var data = SampleDay(200);
        var path = Path.Combine(_directory, "day.itch.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        using var reader = ItchFileReader.Open(path);
        var handler = new RecordingHandler();
        var read = reader.ReadToEnd(ref handler);

        Assert.True(reader.IsGzip);
        Assert.True(reader.IsCompleted);
        Assert.Equal(ExpectedLines(data), handler.Lines);
        Assert.Equal(read, handler.Lines.Count);
        Assert.Equal(data.Length, reader.Position);
        Assert.Equal(0, reader.Errors.Total);
    }

    [Fact]
    public void Open_PlainFile_ParsesWithoutGzip()
    {
        var data = SampleDay(50);
        var path = Path.Combine(_directory, "day.itch");
        File.WriteAllBytes(path, data);

        using var reader = ItchFileReader.Open(path);
        var handler = new RecordingHandler();
        reader.ReadToEnd(ref handler);

        Assert.False(reader.IsGzip);
        Assert.Equal(ExpectedLines(data), handler.Lines);
    }

    [Fact]
    public void Poll_StreamReturningFewBytesPerRead_ReassemblesEveryMessage()
    {
        var data = SampleDay(300);
        using var reader = new ItchFileReader(new TrickleStream(data, maxChunk: 7));
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Equal(ExpectedLines(data), handler.Lines);
        Assert.Equal(0, reader.Errors.Total);
    }

    [Fact]
    public void Poll_DataLargerThanBuffer_MessagesStraddlingRefillsAreParsed()
    {
        // Several buffers' worth so refills fall inside messages.
        var data = SampleDay(12_000);
        Assert.True(data.Length > 4 * ItchFileReader.MinimumBufferSize);
        using var reader = new ItchFileReader(new MemoryStream(data), bufferSize: 1);
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Equal(ExpectedLines(data), handler.Lines);
        Assert.Equal(handler.Lines.Count, reader.MessagesRead);
    }

    [Fact]
    public void Poll_MaxMessages_ReturnsAtMostThatManyThenZeroAtEnd()
    {
        var data = SampleDay(10);
        using var reader = new ItchFileReader(new MemoryStream(data));
        var handler = new RecordingHandler();
        var total = ExpectedLines(data).Count;

        var polls = new List<int>();
        for (var i = 0; i < 100 && !reader.IsCompleted; i++)
        {
            polls.Add(reader.Poll(ref handler, 4));
        }

        Assert.All(polls, n => Assert.InRange(n, 0, 4));
        Assert.Equal(total, polls.Sum());
        Assert.Equal(0, reader.Poll(ref handler, 4));
        Assert.True(reader.IsCompleted);
    }

    [Fact]
    public void Poll_TruncatedLastMessage_ReportsTruncationWithOffsetAndKeepsGoodMessages()
    {
        var good = new ItchTestWriter().SystemEvent(1, 'O').OrderDelete(1, 2, 3).ToArray();
        var partial = new ItchTestWriter().AddOrder(1, 3, 4, 'B', 100, "AAPL", 1_000_000).ToArray()[..20];
        using var reader = new ItchFileReader(new MemoryStream([.. good, .. partial]));
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Equal(2, handler.Lines.Count);
        Assert.Equal(1, reader.Errors[ItchErrorKind.TruncatedMessage]);
        var error = Assert.Single(handler.Errors).Error;
        Assert.Equal(ItchErrorKind.TruncatedMessage, error.Kind);
        Assert.Equal(good.Length, error.FileOffset);
        Assert.Equal((byte)'A', error.MessageType);
        Assert.Equal(36, error.Detail);
        Assert.Contains($"offset {good.Length}", handler.Errors[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Poll_StreamEndsInsideLengthPrefix_ReportsTruncatedLengthPrefix()
    {
        var good = new ItchTestWriter().SystemEvent(1, 'O').ToArray();
        using var reader = new ItchFileReader(new MemoryStream([.. good, 0x00]));
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Single(handler.Lines);
        Assert.Equal(1, reader.Errors[ItchErrorKind.TruncatedLengthPrefix]);
        Assert.Equal(good.Length, reader.Errors.Last!.Value.FileOffset);
        Assert.True(reader.IsCompleted);
    }

    [Fact]
    public void Poll_UnknownMessageType_CountsSkipsAndContinues()
    {
        var writer = new ItchTestWriter().SystemEvent(1, 'O');
        var unknownAt = writer.Length;
        writer.Frame([(byte)'Z', 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 42]).OrderDelete(1, 2, 3);
        using var reader = new ItchFileReader(new MemoryStream(writer.ToArray()));
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Equal(2, handler.Lines.Count);
        Assert.StartsWith("D ", handler.Lines[1], StringComparison.Ordinal);
        Assert.Equal(1, reader.Errors[ItchErrorKind.UnknownMessageType]);
        var error = Assert.Single(handler.Errors).Error;
        Assert.Equal(unknownAt, error.FileOffset);
        Assert.Equal((byte)'Z', error.MessageType);
        Assert.Equal(3, reader.MessagesRead);
    }

    [Fact]
    public void Poll_LengthDisagreesWithType_CountsSkipsAndContinues()
    {
        var writer = new ItchTestWriter().SystemEvent(1, 'O');
        var badAt = writer.Length;
        var delete = new ItchTestWriter().OrderDelete(1, 2, 3).ToArray().AsSpan(2).ToArray();
        writer.Frame([.. delete, 0xFF]).Frame(delete.AsSpan(0, 18)).Frame([]).OrderDelete(1, 4, 5);
        using var reader = new ItchFileReader(new MemoryStream(writer.ToArray()));
        var handler = new RecordingHandler();

        reader.ReadToEnd(ref handler);

        Assert.Equal(["S locate=0 track=0 ts=1 event=O", "D locate=1 track=0 ts=4 ref=5"], handler.Lines);
        Assert.Equal(2, reader.Errors[ItchErrorKind.LengthMismatch]);
        Assert.Equal(1, reader.Errors[ItchErrorKind.EmptyMessage]);
        Assert.Equal(badAt, handler.Errors[0].Error.FileOffset);
        Assert.Equal(20, handler.Errors[0].Error.Detail);
        Assert.Equal(badAt + 22, handler.Errors[1].Error.FileOffset);
    }

    [Fact]
    public void Poll_RandomGarbage_NeverThrowsAndConsumesEverything()
    {
        var random = new Random(1234);
        for (var round = 0; round < 50; round++)
        {
            var garbage = new byte[random.Next(0, 4000)];
            random.NextBytes(garbage);
            using var reader = new ItchFileReader(new MemoryStream(garbage));
            var handler = new RecordingHandler();

            reader.ReadToEnd(ref handler);

            Assert.True(reader.IsCompleted);
            Assert.Equal(garbage.Length, reader.Position);
        }
    }

    /// <summary>A plausible stream: directory, then adds, executions, cancels, replaces and deletes.</summary>
    internal static byte[] SampleDay(int orders)
    {
        var writer = new ItchTestWriter();
        writer.SystemEvent(1, 'O').StockDirectory(1, 2, "AAPL").StockDirectory(2, 3, "MSFT");
        long ts = 10;
        for (ulong i = 1; i <= (ulong)orders; i++)
        {
            var locate = (ushort)(1 + (i % 2));
            var stock = locate == 1 ? "AAPL" : "MSFT";
            writer.AddOrder(locate, ts++, i * 10, i % 3 == 0 ? 'S' : 'B', 100 + (uint)i, stock, 1_000_000 + (uint)(i % 50 * 100));
            if (i % 4 == 0)
            {
                writer.OrderExecuted(locate, ts++, i * 10, 10, i);
            }

            if (i % 5 == 0)
            {
                writer.OrderCancel(locate, ts++, i * 10, 5);
            }

            if (i % 7 == 0)
            {
                writer.OrderReplace(locate, ts++, i * 10, (i * 10) + 1, 50, 1_000_100);
            }
            else
            {
                writer.OrderDelete(locate, ts++, i * 10);
            }
        }

        writer.SystemEvent(ts, 'C');
        return writer.ToArray();
    }

    internal static List<string> ExpectedLines(byte[] data)
    {
        var handler = new RecordingHandler();
        ItchParser.ParseFramed(data, 0, ref handler, new ItchErrorCounters(), isFinal: true, out _);
        return handler.Lines;
    }
}
