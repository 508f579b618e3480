using TickStream.Itch.Books;

namespace TickStream.Itch.Tests;

public sealed class OrderMapTests
{
    [Fact]
    public void RandomAddsAndRemoves_MatchDictionary_IncludingGrowthAndWrapAround()
    {
        var random = new Random(42);
        var map = new OrderMap(16);
        var reference = new Dictionary<ulong, uint>();
        var keys = new List<ulong>();
        for (var step = 0; step < 200_000; step++)
        {
            if (keys.Count == 0 || random.Next(100) < 55)
            {
                // Small key space forces collisions; 0 and ulong.MaxValue are legal references too.
                var key = random.Next(10) == 0 ? (ulong)random.Next(3) * ulong.MaxValue / 2 : (ulong)random.Next(50_000);
                var added = map.TryAdd(key, 1, ItchSide.Buy, (uint)step, 7);
                Assert.Equal(reference.TryAdd(key, (uint)step), added);
                if (added)
                {
                    keys.Add(key);
                }
            }
            else
            {
                var at = random.Next(keys.Count);
                var key = keys[at];
                keys[at] = keys[^1];
                keys.RemoveAt(keys.Count - 1);
                var index = map.Find(key);
                Assert.True(index >= 0);
                Assert.Equal(reference[key], map.At(index).Shares);
                map.RemoveAt(index);
                reference.Remove(key);
                Assert.Equal(-1, map.Find(key));
            }

            Assert.Equal(reference.Count, map.Count);
        }

        foreach (var (key, shares) in reference)
        {
            var index = map.Find(key);
            Assert.True(index >= 0);
            Assert.Equal(shares, map.At(index).Shares);
        }
    }
}
