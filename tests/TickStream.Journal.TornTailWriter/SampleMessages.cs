using System.Buffers.Binary;
using System.Text;

namespace TickStream.Journal.TornTailWriter;

/// <summary>
/// Deterministic sample messages shaped like TickStream frames (docs/WIRE.md): message <c>i</c> is always the
/// same bytes, so a reader can check every record it gets back without having kept a copy.
/// </summary>
public static class SampleMessages
{
    /// <summary>Receive time of message 0: 2026-01-01T00:00:00Z in ns.</summary>
    public const long BaseTimeNs = 1_767_225_600_000_000_000;

    /// <summary>Receive times are this far apart.</summary>
    public const long StepNs = 1_000;

    /// <summary>Every 50th message is a heartbeat (topic <c>H|</c>, no symbol).</summary>
    public const int HeartbeatEvery = 50;

    /// <summary>Every 4th other message is a trade, the rest are quotes.</summary>
    public const int TradeEvery = 4;

    /// <summary>The largest sample message.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// In large mode every 5th message (i % 5 == 2) is this long: larger than the writer's buffer, it goes to the
    /// OS in two writes (header, then message), so a kill between them leaves a real torn tail.
    /// </summary>
    public const int LargeLength = 150_000;

    private static readonly string[] SymbolNames = ["AAPL", "MSFT", "SPY", "BRK.B", "ES-Z6"];

    /// <summary>The symbols the sample messages use.</summary>
    public static IReadOnlyList<string> Symbols => SymbolNames;

    /// <summary>The receive time of message <paramref name="i"/>.</summary>
    public static long TimeOf(long i) => BaseTimeNs + (i * StepNs);

    /// <summary>The symbol of message <paramref name="i"/>, or null for a heartbeat.</summary>
    public static string? SymbolOf(long i) => IsHeartbeat(i) ? null : SymbolNames[i % SymbolNames.Length];

    /// <summary>The SBE template id of message <paramref name="i"/>: 4 Heartbeat, 1 Trade, 2 Quote.</summary>
    public static int TemplateOf(long i) => IsHeartbeat(i) ? 4 : i % TradeEvery == 1 ? 1 : 2;

    /// <summary>Whether message <paramref name="i"/> is a large one in large mode.</summary>
    public static bool IsLarge(long i, bool largeMode) => largeMode && i % 5 == 2;

    /// <summary>
    /// Writes message <paramref name="i"/>, or in large mode its large form (the normal message followed by
    /// filler), into <paramref name="destination"/> and returns its length.
    /// </summary>
    public static int Write(long i, Span<byte> destination, bool largeMode)
    {
        int length = Write(i, destination);
        if (!IsLarge(i, largeMode))
        {
            return length;
        }

        for (int k = length; k < LargeLength; k++)
        {
            destination[k] = (byte)(i + k);
        }

        return LargeLength;
    }

    /// <summary>Writes message <paramref name="i"/> into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(long i, Span<byte> destination)
    {
        int template = TemplateOf(i);
        if (template == 4)
        {
            "H|"u8.CopyTo(destination);
            Span<byte> frame = destination[2..];
            WriteHeader(frame, 18, 4);
            BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], (ulong)i);
            BinaryPrimitives.WriteInt64LittleEndian(frame[16..], TimeOf(i));
            BinaryPrimitives.WriteUInt16LittleEndian(frame[24..], 1);
            return 2 + 8 + 18;
        }

        string symbol = SymbolNames[i % SymbolNames.Length];
        destination[0] = template == 1 ? (byte)'T' : (byte)'Q';
        destination[1] = (byte)'.';
        int symbolLength = Encoding.ASCII.GetBytes(symbol, destination[2..]);
        destination[2 + symbolLength] = (byte)'|';
        int topicLength = 3 + symbolLength;
        int block = template == 1 ? 88 : 96;
        Span<byte> body = destination.Slice(topicLength, 8 + block);
        body.Clear();
        WriteHeader(body, (ushort)block, (ushort)template);
        Span<byte> fields = body[8..];
        BinaryPrimitives.WriteUInt64LittleEndian(fields, (ulong)i + 1);
        BinaryPrimitives.WriteUInt64LittleEndian(fields[8..], SymbolSeqOf(i));
        BinaryPrimitives.WriteInt64LittleEndian(fields[16..], TimeOf(i) - 25_000);
        BinaryPrimitives.WriteInt64LittleEndian(fields[24..], TimeOf(i) - 5_000);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[32..], (uint)(i % SymbolNames.Length) + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[36..], 1);
        Encoding.ASCII.GetBytes(symbol, fields[40..]);
        "SYNT"u8.CopyTo(fields[56..]);
        BinaryPrimitives.WriteInt64LittleEndian(fields[64..], 190_000_000_000 + (i % 1000));
        BinaryPrimitives.WriteInt64LittleEndian(fields[72..], 100 + (i % 7));
        return topicLength + 8 + block;
    }

    /// <summary>
    /// The symbolSeq of message <paramref name="i"/>: one more than the messages before it of the same symbol and
    /// template, as a feed numbers them, so that a journal of consecutive messages has no hole in any sequence.
    /// </summary>
    public static ulong SymbolSeqOf(long i)
    {
        // Symbol and template depend on i % 100 only, so the count repeats every 100 messages.
        int k = (int)(i % Period);
        return (ulong)((i / Period * SameClassPerPeriod[k]) + SameClassBefore[k] + 1);
    }

    private const int Period = 100;
    private static readonly int[] SameClassPerPeriod = ClassCounts(perPeriod: true);
    private static readonly int[] SameClassBefore = ClassCounts(perPeriod: false);

    private static int[] ClassCounts(bool perPeriod)
    {
        var counts = new int[Period];
        for (int k = 0; k < Period; k++)
        {
            int end = perPeriod ? Period : k;
            for (int j = 0; j < end; j++)
            {
                if (j % SymbolNames.Length == k % SymbolNames.Length && TemplateOf(j) == TemplateOf(k))
                {
                    counts[k]++;
                }
            }
        }

        return counts;
    }

    private static void WriteHeader(Span<byte> frame, ushort blockLength, ushort templateId)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(frame, blockLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], templateId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], 100);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], 0);
    }

    private static bool IsHeartbeat(long i) => i % HeartbeatEvery == HeartbeatEvery - 1;
}
