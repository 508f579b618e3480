namespace TickStream.Journal.Tests;

public class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckInput_GivesCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_Rfc3720Vectors_Match()
    {
        // iSCSI (RFC 3720 B.4) test vectors: 32 bytes of zeros, of 0xFF, and ascending 0..31.
        var zeros = new byte[32];
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(zeros));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(ones));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(ascending));
    }

    [Fact]
    public void Compute_InTwoPieces_EqualsWhole()
    {
        var random = new Random(7);
        for (int length = 0; length < 300; length += 7)
        {
            var data = new byte[length];
            random.NextBytes(data);
            uint whole = Crc32C.Compute(data);
            int split = length / 3;
            Assert.Equal(whole, Crc32C.Compute(data.AsSpan(0, split), data.AsSpan(split)));
        }
    }
}
