using System.Globalization;
using TickStream.Journal;
using TickStream.Journal.TornTailWriter;

// Usage: TickStream.Journal.TornTailWriter DIR SEGMENT_SIZE MAX_RECORDS [large]
// Appends SampleMessages 0, 1, 2, ... to the journal in DIR with an fsync per record and prints "written N"
// after record N-1 is durable, so that whoever kills this process knows which records must have survived.
// "large" makes every 5th message 150 000 bytes (two writes per such record: a kill can split it).
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: TickStream.Journal.TornTailWriter DIR SEGMENT_SIZE MAX_RECORDS [large]");
    return 2;
}

string directory = args[0];
long segmentSize = long.Parse(args[1], CultureInfo.InvariantCulture);
long maxRecords = long.Parse(args[2], CultureInfo.InvariantCulture);
bool largeMode = args.Length == 4 && args[3] == "large";
var options = new JournalWriterOptions
{
    StreamName = "torn-tail-test",
    SegmentSize = segmentSize,
    FlushPolicy = JournalFlushPolicy.EveryRecord,
    IndexEveryRecords = 16,
    BufferSize = 4096,
};

using JournalWriter writer = JournalWriter.Open(directory, options);
var message = new byte[SampleMessages.LargeLength];
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (long i = 0; i < maxRecords; i++)
{
    int length = SampleMessages.Write(i, message, largeMode);
    writer.Append(message.AsSpan(0, length), SampleMessages.TimeOf(i));
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written {i + 1}"));
    Console.Out.Flush();
}

return 0;
