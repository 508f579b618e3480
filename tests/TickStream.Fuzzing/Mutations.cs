using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace TickStream.Fuzzing;

/// <summary>Generators of arbitrary bytes and of mutated valid inputs (bit flips, truncations, lying lengths, insertions).</summary>
public static class Mutations
{
    private const int OpsPerCase = 16;

    /// <summary>Arbitrary bytes, 0 to <paramref name="maxLength"/> long.</summary>
    /// <param name="maxLength">Longest array.</param>
    public static Gen<byte[]> ArbitraryBytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length));

    /// <summary>
    /// Cases from <paramref name="valid"/>: about one in eight unmutated (must be accepted), the rest with 1 to 3
    /// stacked mutations; plus arbitrary bytes.
    /// </summary>
    /// <param name="valid">Valid inputs.</param>
    /// <param name="maxArbitraryLength">Longest arbitrary array.</param>
    public static Gen<FuzzCase> Cases(Gen<byte[]> valid, int maxArbitraryLength) =>
        Gen.Frequency(
            (1, valid.Select(static v => new FuzzCase(v, true))),
            (5, valid.SelectMany(v => Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), OpsPerCase).Select(ops => new FuzzCase(Apply(v, ops), false)))),
            (2, ArbitraryBytes(maxArbitraryLength).Select(static b => new FuzzCase(b, false))));

    /// <summary>Applies 1 to 3 mutations chosen by <paramref name="ops"/> to a copy of <paramref name="input"/>.</summary>
    /// <param name="input">A valid input.</param>
    /// <param name="ops">Random numbers that choose the mutations and their places.</param>
    public static byte[] Apply(byte[] input, int[] ops)
    {
        var data = input;
        var count = 1 + (ops[0] % 3);
        for (var m = 0; m < count; m++)
        {
            var kind = ops[1 + (m * 5)] % 9;
            var a = ops[2 + (m * 5)];
            var b = ops[3 + (m * 5)];
            var c = ops[4 + (m * 5)];
            data = Mutate(data, kind, a, b, c);
        }

        return data;
    }

    private static byte[] Mutate(byte[] data, int kind, int a, int b, int c)
    {
        if (data.Length == 0)
        {
            return kind == 6 ? [(byte)b] : data;
        }

        var copy = (byte[])data.Clone();
        var at = a % copy.Length;
        switch (kind)
        {
            case 0: // one to four bit flips
                for (var i = 0; i <= c % 4; i++)
                {
                    copy[(at + (i * 7919)) % copy.Length] ^= (byte)(1 << ((b + i) % 8));
                }

                return copy;
            case 1: // truncation at any length
                return copy[..(a % (copy.Length + 1))];
            case 2: // a lying 16-bit length, count or id anywhere (little-endian, as SBE)
                if (copy.Length >= 2)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(Math.Min(at, copy.Length - 2)), (ushort)Extreme(b, c));
                }

                return copy;
            case 3: // a lying 16-bit value in the first 64 bytes, big-endian (headers, ITCH length prefixes)
                if (copy.Length >= 2)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(Math.Min(a % 64, copy.Length - 2)), (ushort)Extreme(b, c));
                }

                return copy;
            case 4: // one byte replaced
                copy[at] = (byte)b;
                return copy;
            case 5: // a 32-bit value (journal lengths)
                if (copy.Length >= 4)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(Math.Min(at, copy.Length - 4)), c % 2 == 0 ? b : -b);
                }

                return copy;
            case 6: // bytes inserted
                {
                    var inserted = new byte[1 + (b % 16)];
                    new Random(c).NextBytes(inserted);
                    return [.. copy.AsSpan(0, at), .. inserted, .. copy.AsSpan(at)];
                }

            case 7: // a range deleted
                {
                    var end = Math.Min(copy.Length, at + 1 + (b % 32));
                    return [.. copy.AsSpan(0, at), .. copy.AsSpan(end)];
                }

            default: // a range duplicated
                {
                    var end = Math.Min(copy.Length, at + 1 + (b % 64));
                    return [.. copy.AsSpan(0, end), .. copy.AsSpan(at, end - at), .. copy.AsSpan(end)];
                }
        }
    }

    // Boundary values are where length checks go wrong: 0, 1, max, max-1, and small values.
    private static int Extreme(int b, int c) => (c % 6) switch
    {
        0 => 0,
        1 => 1,
        2 => ushort.MaxValue,
        3 => ushort.MaxValue - 1,
        4 => b % 300,
        _ => b,
    };
}
