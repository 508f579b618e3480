using System.Text;

namespace TickStream.Sources.Tests;

public sealed class InstrumentRegistryTests
{
    [Fact]
    public void GetOrAdd_NewSymbols_GetDenseIdsFromZeroAndRoundTrip()
    {
        var registry = new InstrumentRegistry();
        Assert.Equal(0, registry.GetOrAdd("AAPL"u8));
        Assert.Equal(1, registry.GetOrAdd("MSFT"u8));
        Assert.Equal(0, registry.GetOrAdd("AAPL"u8));
        Assert.Equal(2, registry.GetOrAdd("BRK.B"u8));
        Assert.Equal(3, registry.Count);
        Assert.True(registry.GetSymbol(1).SequenceEqual("MSFT"u8));
        Assert.True(registry.TryGetId("BRK.B"u8, out var id));
        Assert.Equal(2, id);
        Assert.True(registry.TryGetId("MSFT", out id));
        Assert.Equal(1, id);
    }

    [Fact]
    public void GetOrAdd_WithSpec_InstrumentCarriesReferenceData()
    {
        var registry = new InstrumentRegistry();
        var id = registry.GetOrAdd("ES-Z6"u8, new InstrumentSpec(250_000_000, "XCME", 1, 2, "E-mini S&P 500 Dec 2026"));
        var instrument = registry.Get(id);
        Assert.Equal("ES-Z6", instrument.Symbol);
        Assert.Equal(250_000_000, instrument.TickSize);
        Assert.Equal("XCME", instrument.Venue);
        Assert.Equal(1, instrument.RoundLot);
        Assert.Equal(2, instrument.DisplayDecimals);
        Assert.Equal("E-mini S&P 500 Dec 2026", instrument.Description);

        var byDefault = registry.Get(registry.GetOrAdd("IBM"u8));
        Assert.Equal(InstrumentSpec.Default.TickSize, byDefault.TickSize);
        Assert.Equal("XXXX", byDefault.Venue);
        Assert.Equal("IBM", byDefault.Description);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ABCDEFGHIJKLMNOPQ", "17 characters")]
    [InlineData("aapl", "position 1")]
    [InlineData("AB CD", "position 3")]
    [InlineData("AB,C", "position 3")]
    [InlineData("AB\0", "position 3")]
    [InlineData("ÄPL", "position 1")]
    public void TryGetOrAdd_InvalidSymbol_FailsWithReasonAndAddsNothing(string symbol, string expectedInReason)
    {
        var registry = new InstrumentRegistry();
        Assert.False(registry.TryGetOrAdd(Encoding.UTF8.GetBytes(symbol), out var id, out var error));
        Assert.Equal(-1, id);
        Assert.NotNull(error);
        Assert.Contains(expectedInReason, error, StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("ABCDEFGHIJKLMNOP")]
    [InlineData("0123456789./_-XY")]
    public void TryGetOrAdd_ValidEdgeSymbols_Accepted(string symbol)
    {
        var registry = new InstrumentRegistry();
        Assert.True(registry.TryGetOrAdd(Encoding.ASCII.GetBytes(symbol), out var id, out var error), error);
        Assert.Equal(symbol, registry.Get(id).Symbol);
    }

    [Fact]
    public void GetOrAdd_InvalidSymbol_Throws()
    {
        var registry = new InstrumentRegistry();
        Assert.Throws<ArgumentException>(() => registry.GetOrAdd("bad symbol"u8));
    }

    [Fact]
    public void TryGetId_NulPaddedSymbol_DoesNotMatchShorterSymbol()
    {
        var registry = new InstrumentRegistry();
        registry.GetOrAdd("AB"u8);
        Assert.False(registry.TryGetId("AB\0"u8, out _));
        Assert.False(registry.TryGetId("ABC"u8, out _));
        Assert.False(registry.TryGetId(""u8, out _));
    }

    [Fact]
    public void Get_UnknownId_Throws()
    {
        var registry = new InstrumentRegistry();
        registry.GetOrAdd("AB"u8);
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Get(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Get(-1));
    }

    [Fact]
    public void InstrumentAdded_RaisedOncePerNewSymbolInIdOrder()
    {
        var registry = new InstrumentRegistry();
        var added = new List<Instrument>();
        registry.InstrumentAdded += added.Add;
        registry.GetOrAdd("X"u8);
        registry.GetOrAdd("Y"u8);
        registry.GetOrAdd("X"u8);
        Assert.Equal(["X", "Y"], added.Select(i => i.Symbol));
        Assert.Equal([0, 1], added.Select(i => i.Id));
    }

    [Fact]
    public void GetOrAdd_ThousandsOfSymbols_AllFoundAfterGrowth()
    {
        var registry = new InstrumentRegistry();
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(i, registry.GetOrAdd(Encoding.ASCII.GetBytes($"S{i}")));
        }

        for (var i = 0; i < 5000; i++)
        {
            Assert.True(registry.TryGetId(Encoding.ASCII.GetBytes($"S{i}"), out var id));
            Assert.Equal(i, id);
        }

        Assert.Equal(5000, registry.Snapshot().Length);
    }

    [Fact]
    public void TryGetId_KnownAndUnknownSymbols_AllocatesNothing()
    {
        var registry = new InstrumentRegistry();
        var symbols = new byte[200][];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = Encoding.ASCII.GetBytes($"SYM{i}");
            registry.GetOrAdd(symbols[i]);
        }

        var unknown = "NOPE.X"u8.ToArray();
        long found = LookUp(registry, symbols, unknown, 1000);

        var allocated = Allocation.FewestBytes(() => found += LookUp(registry, symbols, unknown, 100_000));

        Assert.Equal(0, allocated);
        Assert.True(found > 0);

        static long LookUp(InstrumentRegistry registry, byte[][] symbols, byte[] unknown, int count)
        {
            long found = 0;
            for (var i = 0; i < count; i++)
            {
                found += registry.TryGetId(symbols[i % symbols.Length], out var id) ? id : 0;
                found += registry.TryGetId(unknown, out _) ? 1 : 0;
                found += registry.TryGetOrAdd(symbols[i % symbols.Length], out id, out _) ? id : 0;
            }

            return found;
        }
    }

    [Fact]
    public async Task GetOrAdd_ConcurrentWritersAndReaders_EverySymbolGetsOneDenseId()
    {
        const int SymbolCount = 2000;
        var registry = new InstrumentRegistry();
        var events = 0;
        registry.InstrumentAdded += _ => Interlocked.Increment(ref events);
        var symbols = Enumerable.Range(0, SymbolCount).Select(i => Encoding.ASCII.GetBytes($"C{i}")).ToArray();
        var readerMismatches = 0;
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var ids = new int[SymbolCount];
            var order = Enumerable.Range(0, SymbolCount).OrderBy(i => (i * (w + 7)) % SymbolCount).ToArray();
            foreach (var i in order)
            {
                ids[i] = registry.GetOrAdd(symbols[i]);
            }

            return ids;
        }, TestContext.Current.CancellationToken)).ToArray();

        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var count = registry.Count;
                for (var id = 0; id < count; id++)
                {
                    var symbol = registry.GetSymbol(id);
                    if (!registry.TryGetId(symbol, out var found) || found != id)
                    {
                        Interlocked.Increment(ref readerMismatches);
                    }
                }
            }
        }, TestContext.Current.CancellationToken);

        var results = await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(SymbolCount, registry.Count);
        Assert.Equal(SymbolCount, events);
        Assert.Equal(0, readerMismatches);
        foreach (var ids in results)
        {
            Assert.Equal(results[0], ids);
        }

        Assert.Equal(Enumerable.Range(0, SymbolCount), results[0].Order());
    }
}
