namespace TickStream.Fuzzing;

/// <summary>One fuzz input: its bytes, and whether it is an unmutated valid input that must be accepted.</summary>
/// <param name="Data">The bytes.</param>
/// <param name="MustAccept">True for an unmutated valid input.</param>
public sealed record FuzzCase(byte[] Data, bool MustAccept)
{
    /// <summary>Hex of the first bytes, so a failing case can be turned into a regular test.</summary>
    public override string ToString() =>
        $"{(MustAccept ? "valid" : "fuzzed")} {Data.Length} bytes: {Convert.ToHexString(Data.AsSpan(0, Math.Min(Data.Length, 512)))}";
}
