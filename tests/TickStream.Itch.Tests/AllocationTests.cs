using TickStream.Itch.Books;

namespace TickStream.Itch.Tests;

/// <summary>Steady state allocates nothing per message: measured after a warm-up pass over the same data.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void ParseFramed_SteadyState_AllocatesNothing()
    {
        var data = ItchScenarios.BalancedFlow(20_000, 500, seed: 1);
        var errors = new ItchErrorCounters();
        var handler = new CountingHandler();
        ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out _);

        var passes = 1;
        long count = 0;
        var allocated = Allocation.FewestBytes(() =>
        {
            passes++;
            ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out count);
        });

        Assert.True(count > 40_000);
        Assert.Equal(passes * count, handler.Messages);
        Assert.Equal(0, errors.Total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Books_SteadyState_AllocateNothing()
    {
        var data = ItchScenarios.BalancedFlow(20_000, 500, seed: 2);
        var books = new ItchOrderBooks<CountingListener>(new OrderBookOptions { OrderCapacity = 4096, Depth = 10 }, default);
        var handler = books.CreateHandler();
        var errors = new ItchErrorCounters();
        ItchParser.ParseFramed(ItchScenarios.Directory(), 0, ref handler, errors, isFinal: true, out _);
        ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out _);
        var warmLevels = books.Listener.Levels;

        var passes = 1;
        var allocated = Allocation.FewestBytes(() =>
        {
            passes++;
            ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out _);
        });

        Assert.Equal(passes * warmLevels, books.Listener.Levels);
        Assert.True(books.Listener.Trades > 1000);
        Assert.True(books.Listener.Quotes > 1000);
        Assert.Equal(0, books.Listener.Errors);
        Assert.Equal(0, books.OrderCount);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void FileReader_SteadyState_AllocatesNothingPerMessage()
    {
        var data = ItchScenarios.BalancedFlow(20_000, 500, seed: 3);

        // A first complete read runs every path once (refills, the end of the stream), so nothing is left to set up.
        var warmUp = new CountingHandler();
        using (var first = new ItchFileReader(new MemoryStream(data)))
        {
            first.ReadToEnd(ref warmUp);
        }

        var handler = new CountingHandler();
        var allocated = Allocation.FewestBytes(
            () =>
            {
                handler = new CountingHandler();
                return new ItchFileReader(new MemoryStream(data));
            },
            reader => reader.ReadToEnd(ref handler));

        Assert.True(handler.Messages > 40_000);
        Assert.Equal(warmUp.Messages, handler.Messages);
        Assert.Equal(0, allocated);
    }
}
