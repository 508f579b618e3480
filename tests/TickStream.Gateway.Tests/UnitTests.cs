using System.Text;
using NetMQ;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Gateway.Tests;

/// <summary>Entitlement rules, certificate files, the cache and the Clone-pattern bookkeeping, without sockets.</summary>
public sealed class UnitTests
{
    [Theory]
    [InlineData("Q.AAPL|", true)]
    [InlineData("T.AAPL|", true)]
    [InlineData("Q.AAPLX|", false)]
    [InlineData("Q.AAPL", false)]
    [InlineData("Q.MSFT|", true)]
    [InlineData("Q.MS", true)]
    [InlineData("Q.M", false)]
    [InlineData("Q.", false)]
    [InlineData("Q", false)]
    [InlineData("", false)]
    [InlineData("H|", true)]
    [InlineData("S|", true)]
    [InlineData("X.AAPL|", false)]
    public void Grant_AaplAndMsPrefix_AllowsOnlySubscriptionsItCovers(string prefix, bool allowed)
    {
        Assert.True(EntitlementTable.TryParse("credential-0123456789 AAPL MS*", "t", out var table, out var error), error);
        Assert.True(table!.TryGetGrant("credential-0123456789", out var grant));
        Assert.Equal(allowed, grant!.AllowsSubscription(Encoding.ASCII.GetBytes(prefix)));
    }

    [Theory]
    [InlineData("short AAPL", "t:1: the credential is 5 characters")]
    [InlineData("credential-0123456789", "t:1: expected a credential then")]
    [InlineData("credential-0123456789 aapl", "t:1: 'aapl' is not a symbol pattern")]
    [InlineData("credential-0123456789 A*B", "t:1: 'A*B' is not a symbol pattern")]
    [InlineData("# c\ncredential-0123456789 A\ncredential-0123456789 B", "t:3: the credential is already listed")]
    public void EntitlementFile_Invalid_ErrorNamesLineAndRule(string text, string expected)
    {
        Assert.False(EntitlementTable.TryParse(text, "t", out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateFiles_WrittenPair_ReadBackAsSameKeys()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-cert-");
        try
        {
            var certificate = new NetMQCertificate();
            var path = Path.Combine(directory.FullName, "server.key");
            var secretPath = CurveCertificateFile.WritePair(certificate, path);
            var secret = CurveCertificateFile.Read(secretPath);
            Assert.Equal(certificate.SecretKeyZ85, secret.SecretKeyZ85);
            Assert.Equal(certificate.PublicKeyZ85, CurveCertificateFile.ReadPublicKey(path));
            Assert.False(CurveCertificateFile.Read(path).HasSecretKey);
            Assert.DoesNotContain("secret-key", File.ReadAllText(path), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void CertificateFile_MismatchedKeys_Rejected()
    {
        var a = new NetMQCertificate();
        var b = new NetMQCertificate();
        string[] lines = ["curve", $"    public-key = \"{a.PublicKeyZ85}\"", $"    secret-key = \"{b.SecretKeyZ85}\""];
        Assert.False(CurveCertificateFile.TryParse(lines, "f", out _, out _, out var error));
        Assert.Contains("does not belong", error, StringComparison.Ordinal);
        Assert.False(CurveCertificateFile.TryParse(["curve", "    public-key = \"short\""], "f", out _, out _, out error));
        Assert.StartsWith("f:2: public-key must be 40 Z85 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_ApplyKnownSymbol_AllocatesNothing()
    {
        var cache = new LastValueCache();
        var quote = QuoteMessage("AAPL", 1);
        var trade = TradeMessage("AAPL", 1);
        cache.Apply(quote);
        cache.Apply(trade);
        for (var i = 0; i < 1_000; i++)
        {
            cache.Apply(quote);
        }

        // Each attempt applies the next, newer sequences, so every attempt replaces both cached frames as the first does.
        ulong next = 2;
        var allocated = Allocation.FewestBytes(() =>
        {
            for (var end = next + 10_000; next < end; next++)
            {
                SetSymbolSeq(quote, next);
                SetSymbolSeq(trade, next);
                cache.Apply(quote);
                cache.Apply(trade);
            }
        });

        Assert.Equal(0, allocated);
        var entry = Assert.Single(cache.Entries);
        Assert.Equal(next - 1, entry.QuoteSymbolSeq);
        Assert.Equal(next - 1, entry.TradeSymbolSeq);
    }

    [Fact]
    public void PerFramePath_ValidateCacheAndWindowAppend_AllocatesNothing()
    {
        // The proxy thread's work per upstream frame: validate, apply to the cache, append to the window.
        var cache = new LastValueCache();
        var window = new TickStream.Recovery.RetransmitWindow(4096);
        var quote = QuoteMessage("AAPL", 1);
        var trade = TradeMessage("AAPL", 1);
        window.Append(WireMessages.StreamStart(1, 3));
        ulong next = 1;
        void Step()
        {
            SetSymbolSeq(quote, next);
            WireMessages.SetStreamSeq(quote, next * 2);
            SetSymbolSeq(trade, next);
            WireMessages.SetStreamSeq(trade, (next * 2) + 1);
            next++;
            foreach (var message in (ReadOnlySpan<byte[]>)[quote, trade])
            {
                // Checked without Assert, which allocates per call.
                if (FrameValidator.ValidateMessage(message, out _, out _) != FrameRejection.None || !cache.Apply(message))
                {
                    throw new InvalidOperationException("a test frame was refused");
                }

                window.Append(message);
            }
        }

        // Wrap the window a few times first, so every page exists and every append evicts.
        for (var i = 0; i < 10_000; i++)
        {
            Step();
        }

        var allocated = Allocation.FewestBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                Step();
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(window.TryGetHeld(1, out _, out _, out var last));
        Assert.Equal(((next - 1) * 2) + 1, last);
    }

    [Fact]
    public void Snapshot_FromCachedQuoteAndTrade_CarriesBothSequencesAndPrices()
    {
        var cache = new LastValueCache();
        cache.Apply(QuoteMessage("MSFT", 7));
        cache.Apply(TradeMessage("MSFT", 3));
        var buffer = new byte[SnapshotWriter.MaxLength];
        var length = SnapshotWriter.Write(Assert.Single(cache.Entries), buffer);
        Assert.True(Topic.TrySplit(buffer.AsSpan(0, length), out var topic, out var frame));
        Assert.Equal("X.MSFT|", Encoding.ASCII.GetString(topic));
        Assert.True(SnapshotDecoder.TryWrap(frame, out var snapshot, out _));
        Assert.Equal(7UL, snapshot.QuoteSymbolSeq);
        Assert.Equal(3UL, snapshot.TradeSymbolSeq);
        Assert.Equal(189_990_000_000, snapshot.BidPrice.Mantissa);
        Assert.Equal(190_000_000_000, snapshot.LastPrice.Mantissa);
        Assert.Equal("MSFT", snapshot.GetSymbolString());
    }

    [Fact]
    public void SnapshotSync_DuplicateApplyGapAndResync()
    {
        var cache = new LastValueCache();
        cache.Apply(QuoteMessage("AAPL", 10));
        var buffer = new byte[SnapshotWriter.MaxLength];
        var length = SnapshotWriter.Write(Assert.Single(cache.Entries), buffer);
        var sync = new SnapshotSync();
        Assert.True(sync.ApplySnapshot(buffer.AsSpan(0, length)));

        Assert.Equal(SyncDecision.Duplicate, sync.Check(QuoteMessage("AAPL", 9)));
        Assert.Equal(SyncDecision.Duplicate, sync.Check(QuoteMessage("AAPL", 10)));
        Assert.Equal(SyncDecision.Apply, sync.Check(QuoteMessage("AAPL", 11)));
        Assert.Equal(SyncDecision.Gap, sync.Check(QuoteMessage("AAPL", 14)));
        Assert.Equal(SyncDecision.NotTracked, sync.Check(QuoteMessage("MSFT", 1)));

        // No trade was cached: the first trade starts the sequence, whatever its number.
        Assert.Equal(SyncDecision.Apply, sync.Check(TradeMessage("AAPL", 40)));
        Assert.Equal(SyncDecision.Apply, sync.Check(TradeMessage("AAPL", 41)));

        // Resynchronise: a newer snapshot moves the state forward.
        cache.Apply(QuoteMessage("AAPL", 20));
        length = SnapshotWriter.Write(Assert.Single(cache.Entries), buffer);
        sync.ApplySnapshot(buffer.AsSpan(0, length));
        Assert.Equal(SyncDecision.Duplicate, sync.Check(QuoteMessage("AAPL", 19)));
        Assert.Equal(SyncDecision.Apply, sync.Check(QuoteMessage("AAPL", 21)));
        Assert.Equal(1, sync.Gaps);
    }

    private static byte[] QuoteMessage(string symbol, ulong symbolSeq)
    {
        var message = new byte[Topic.MaxLength + QuoteEncoder.HeaderLength + QuoteEncoder.BlockLength];
        var topicLength = Topic.Write(message, TopicClass.Quote, Encoding.ASCII.GetBytes(symbol));
        var quote = QuoteEncoder.WrapAndApplyHeader(message.AsSpan(topicLength));
        quote.SetStreamSeq(symbolSeq * 2);
        quote.SetSymbolSeq(symbolSeq);
        quote.SetStreamId(1);
        quote.SetSymbol(symbol);
        quote.SetVenue("SYNT");
        quote.BidPrice.SetMantissa(189_990_000_000);
        quote.SetBidSize(300);
        quote.AskPrice.SetMantissa(190_010_000_000);
        quote.SetAskSize(200);
        return message[..(topicLength + quote.EncodedLength)];
    }

    private static byte[] TradeMessage(string symbol, ulong symbolSeq)
    {
        var message = new byte[Topic.MaxLength + TradeEncoder.HeaderLength + TradeEncoder.BlockLength];
        var topicLength = Topic.Write(message, TopicClass.Trade, Encoding.ASCII.GetBytes(symbol));
        var trade = TradeEncoder.WrapAndApplyHeader(message.AsSpan(topicLength));
        trade.SetStreamSeq(symbolSeq * 2 + 1);
        trade.SetSymbolSeq(symbolSeq);
        trade.SetStreamId(1);
        trade.SetSymbol(symbol);
        trade.SetVenue("SYNT");
        trade.Price.SetMantissa(190_000_000_000);
        trade.SetSize(100);
        trade.SetTradeId(symbolSeq);
        return message[..(topicLength + trade.EncodedLength)];
    }

    private static void SetSymbolSeq(byte[] message, ulong seq)
    {
        Assert.True(Topic.TrySplit(message, out var topic, out _));
        BitConverter.TryWriteBytes(message.AsSpan(topic.Length + 16), seq);
    }
}
