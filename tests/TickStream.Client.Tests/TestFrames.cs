using System.Buffers.Binary;
using System.Text;

namespace TickStream.Client.Tests;

/// <summary>Builds topic + SBE messages byte by byte from the offsets of docs/WIRE.md, independently of the client.</summary>
internal static class TestFrames
{
    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public static byte[] Trade(string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq, long price = 190_010_000_000, long size = 100, ulong? ingestNs = null)
    {
        var frame = Tick(1, 88, symbol, streamId, streamSeq, symbolSeq, ingestNs);
        frame[8 + 60] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 64), price);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 72), size);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8 + 80), symbolSeq + 1000);
        return WithTopic($"T.{symbol}|", frame);
    }

    public static byte[] Quote(string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq, long bid = 189_990_000_000, long ask = 190_010_000_000, ulong? ingestNs = null)
    {
        var frame = Tick(2, 96, symbol, streamId, streamSeq, symbolSeq, ingestNs);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 64), bid);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 72), 300);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 80), ask);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8 + 88), 200);
        return WithTopic($"Q.{symbol}|", frame);
    }

    public static byte[] Heartbeat(ushort streamId, ulong streamSeq)
    {
        var frame = new byte[8 + 18];
        Header(frame, 18, 4);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8), streamSeq);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(16), (ulong)NowNs());
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(24), streamId);
        return WithTopic("H|", frame);
    }

    public static byte[] StreamStart(ushort streamId, ulong sessionId, string name = "test", ulong? timeNs = null)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var frame = new byte[8 + 18 + 2 + nameBytes.Length];
        Header(frame, 18, 5);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8), sessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(16), timeNs ?? (ulong)NowNs());
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(24), streamId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(26), (ushort)nameBytes.Length);
        nameBytes.CopyTo(frame.AsSpan(28));
        return WithTopic("S|", frame);
    }

    public static byte[] WithTopic(string topic, byte[] frame)
    {
        var message = new byte[topic.Length + frame.Length];
        Encoding.ASCII.GetBytes(topic).CopyTo(message, 0);
        frame.CopyTo(message, topic.Length);
        return message;
    }

    private static byte[] Tick(ushort templateId, ushort blockLength, string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq, ulong? ingestNs)
    {
        var frame = new byte[8 + blockLength];
        Header(frame, blockLength, templateId);
        var block = frame.AsSpan(8);
        var now = (ulong)NowNs();
        BinaryPrimitives.WriteUInt64LittleEndian(block, streamSeq);
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], symbolSeq);
        BinaryPrimitives.WriteUInt64LittleEndian(block[16..], now);
        BinaryPrimitives.WriteUInt64LittleEndian(block[24..], ingestNs ?? now);
        BinaryPrimitives.WriteUInt32LittleEndian(block[32..], 7);
        BinaryPrimitives.WriteUInt16LittleEndian(block[36..], streamId);
        Encoding.ASCII.GetBytes(symbol).CopyTo(block[40..]);
        "XNAS"u8.CopyTo(block[56..]);
        return frame;
    }

    private static void Header(byte[] frame, ushort blockLength, ushort templateId)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(frame, blockLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), templateId);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 100);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), 0);
    }
}
