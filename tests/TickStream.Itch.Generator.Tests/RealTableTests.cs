using static TickStream.Itch.Generator.Tests.GeneratorHarness;

namespace TickStream.Itch.Generator.Tests;

/// <summary>The table the parser is built from generates cleanly and agrees with the ITCH 5.0 specification's lengths.</summary>
public sealed class RealTableTests
{
    // Message type and total length (type byte included) of every message in NASDAQ TotalView-ITCH 5.0, "Message Formats".
    private static readonly Dictionary<char, int> SpecLengths = new()
    {
        ['S'] = 12, ['R'] = 39, ['H'] = 25, ['Y'] = 20, ['L'] = 26, ['V'] = 35, ['W'] = 12, ['K'] = 28,
        ['J'] = 35, ['h'] = 21, ['A'] = 36, ['F'] = 40, ['E'] = 31, ['C'] = 36, ['X'] = 23, ['D'] = 19,
        ['U'] = 35, ['P'] = 44, ['Q'] = 40, ['B'] = 19, ['I'] = 50, ['N'] = 20, ['O'] = 48,
    };

    private static readonly Lazy<Result> Real = new(() => Run(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "itch-messages.txt"))));

    [Fact]
    public void RealTable_GeneratesEveryViewAndCompiles()
    {
        var result = Real.Value;

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Equal(SpecLengths.Count + 2, result.HintNames.Count);
    }

    [Fact]
    public void RealTable_LengthsMatchTheSpecification()
    {
        var source = Real.Value.AllSource;

        foreach (var (type, length) in SpecLengths)
        {
            Assert.Contains($"public const byte Type = (byte)'{type}';\n\n    /// <summary>Length in bytes including the type byte.</summary>\n    public const int Length = {length};", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RealTable_KindsAddTheirConvenienceMembers()
    {
        var source = Real.Value.AllSource;

        Assert.Contains("public long PriceE9 => ItchPrice.Price4ToE9(Price);", source, StringComparison.Ordinal);
        Assert.Contains("public long Level1E9 => ItchPrice.Price8ToE9(Level1);", source, StringComparison.Ordinal);
        Assert.Contains("public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(24, 8));", source, StringComparison.Ordinal);
        Assert.Contains("public ItchSide Side => ItchSides.FromByte(_buffer[19]);", source, StringComparison.Ordinal);
        Assert.Contains("handler.OnDirectListingPriceDiscovery(new DirectListingPriceDiscoveryMessage(message), fileOffset);", source, StringComparison.Ordinal);
    }
}
