namespace TickStream.Wire.Tests;

/// <summary>Which subscriptions a publisher counts as a subscriber for data.</summary>
public sealed class SubscriptionPrefixTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("Q.", true)]
    [InlineData("T.AAPL|", true)]
    [InlineData("I.", true)]
    [InlineData("Q", true)]
    [InlineData("H|", false)]
    [InlineData("S|", false)]
    [InlineData("H", false)]
    [InlineData("S", false)]
    public void CoversData_DataTopicsAndEverything_ButNotControlTopicsAlone(string prefix, bool expected) =>
        Assert.Equal(expected, SubscriptionPrefix.CoversData(System.Text.Encoding.ASCII.GetBytes(prefix)));
}
