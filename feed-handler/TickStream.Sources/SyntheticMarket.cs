using System.Diagnostics;
using System.Text;

namespace TickStream.Sources;

/// <summary>
/// A synthetic US equity market: geometric-Brownian mid prices rounded to each instrument's tick, quotes with a
/// spread of at least one tick, trades at the bid or ask with the aggressor side, Poisson arrivals whose rate
/// switches between a calm and a burst state (a two-state Markov-modulated Poisson process), paced against the
/// monotonic clock. The same seed gives the same ticks apart from their timestamps. No allocation per tick.
/// </summary>
public sealed class SyntheticMarket : ITickSource
{
    // Past this lag the schedule is pulled forward, so a stalled consumer is not followed by an endless catch-up burst.
    private const double MaxLagNs = 100_000_000;
    private const double SleepThresholdNs = 1_000_000;

    // Linux's default timer slack: a sleep of n ns lasts about n + 50 us.
    private const double TimerSlackNs = 50_000;
    private const double PreciseSleepMinimumNs = TimerSlackNs + 20_000;
    private const double OddLotProbability = 0.05;
    private const ulong ArrivalSeedSalt = 0xD1B54A32D192ED03UL;

    private readonly SyntheticMarketOptions _options;
    private readonly int[] _instrumentIds;
    private readonly long[] _tickSizes;
    private readonly double[] _startMidTicks;
    private readonly int[] _roundLots;
    private readonly double[] _midTicks;
    private readonly long[] _bidPrices;
    private readonly long[] _askPrices;
    private readonly long[] _bidSizes;
    private readonly long[] _askSizes;

    /// <summary>Creates the market and registers its instruments in <paramref name="registry"/> at once.</summary>
    /// <param name="options">The knobs; null for the defaults.</param>
    /// <param name="registry">Where the instruments are registered (venue <see cref="SyntheticMarketOptions.Venue"/>).</param>
    /// <exception cref="ArgumentException">An option is out of range or names an unknown symbol.</exception>
    public SyntheticMarket(SyntheticMarketOptions? options, InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _options = options ?? new SyntheticMarketOptions();
        _options.Validate();

        var chosen = new List<SyntheticSymbol>();
        if (_options.Symbols is { Count: > 0 } subset)
        {
            foreach (var name in subset)
            {
                SyntheticSymbol? found = null;
                foreach (var candidate in _options.Universe)
                {
                    if (string.Equals(candidate.Symbol, name, StringComparison.Ordinal))
                    {
                        found = candidate;
                        break;
                    }
                }

                chosen.Add(found ?? throw new ArgumentException(
                    $"symbol '{name}' is not in the synthetic universe: give some of {string.Join(' ', _options.Universe.Select(u => u.Symbol))}, or leave --symbols out for all", nameof(options)));
            }
        }
        else
        {
            chosen.AddRange(_options.Universe);
        }

        var n = chosen.Count;
        _instrumentIds = new int[n];
        _tickSizes = new long[n];
        _startMidTicks = new double[n];
        _roundLots = new int[n];
        _midTicks = new double[n];
        _bidPrices = new long[n];
        _askPrices = new long[n];
        _bidSizes = new long[n];
        _askSizes = new long[n];
        for (var i = 0; i < n; i++)
        {
            var symbol = chosen[i];
            if (symbol.TickSize <= 0 || symbol.StartPrice < symbol.TickSize * 2 || symbol.RoundLot < 1)
            {
                throw new ArgumentException($"symbol '{symbol.Symbol}' needs a positive tick size, a start price of at least two ticks and a round lot of at least 1", nameof(options));
            }

            var scaledTickSize = symbol.TickSize * 1_000_000_000m;
            if (scaledTickSize != decimal.Truncate(scaledTickSize) || scaledTickSize > long.MaxValue / 1_000_000)
            {
                throw new ArgumentException($"symbol '{symbol.Symbol}' has tick size {symbol.TickSize}: finer than 1e-9 or too large", nameof(options));
            }

            var tickSize = decimal.ToInt64(scaledTickSize);
            var spec = new InstrumentSpec(tickSize, _options.Venue, symbol.RoundLot, DecimalPlaces(symbol.TickSize), symbol.Description);
            _instrumentIds[i] = registry.GetOrAdd(Encoding.ASCII.GetBytes(symbol.Symbol), spec);
            _tickSizes[i] = tickSize;
            _roundLots[i] = symbol.RoundLot;
            _startMidTicks[i] = (double)(symbol.StartPrice / symbol.TickSize);
        }

        Counters = new SourceCounters(Name);
    }

    /// <inheritdoc/>
    public string Name => "synthetic";

    /// <inheritdoc/>
    public SourceCounters Counters { get; }

    /// <summary>The options the market runs with.</summary>
    public SyntheticMarketOptions Options => _options;

    /// <summary>The instrument ids of the market's symbols, in universe order.</summary>
    public IReadOnlyList<int> InstrumentIds => _instrumentIds;

    /// <summary>
    /// Generates ticks on the calling thread until <see cref="SyntheticMarketOptions.MaxTicks"/> or cancellation.
    /// Every call starts the market afresh from the seed.
    /// </summary>
    /// <param name="sink">Receives every tick.</param>
    /// <param name="ct">Stops the market.</param>
    public void Run(ITickSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var market = new Xoshiro256StarStar(_options.Seed);
        var arrivals = new Xoshiro256StarStar(_options.Seed ^ ArrivalSeedSalt);
        for (var i = 0; i < _midTicks.Length; i++)
        {
            _midTicks[i] = _startMidTicks[i];
            NextQuote(ref market, i);
        }

        // Mean gaps chosen so the long-run rate, bursts included, is the target.
        var paced = _options.TicksPerSecond > 0;
        var share = _options.BurstTickShare;
        var calmGapNs = paced ? 1e9 / (_options.TicksPerSecond * ((1 - share) + (share / _options.BurstRateMultiplier))) : 0;
        var burstGapNs = calmGapNs / _options.BurstRateMultiplier;
        var exitBurst = 1.0 / _options.MeanBurstTicks;
        var enterBurst = Math.Min(1.0, share / (1 - share) * exitBurst);
        var inBurst = false;
        var scheduleNs = 0.0;

        var nsPerTimestamp = 1e9 / Stopwatch.Frequency;
        var slackNs = _options.PacingSlack.TotalNanoseconds;
        var startTimestamp = Stopwatch.GetTimestamp();
        var startWallNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

        var maxTicks = _options.MaxTicks;
        var tradeProbability = _options.TradeProbability;
        var symbolCount = _instrumentIds.Length;
        var tick = default(RawTick);
        ulong tradeId = 0;
        long count = 0;

        while ((maxTicks == 0 || count < maxTicks) && !ct.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (paced)
            {
                scheduleNs += arrivals.NextExponential() * (inBurst ? burstGapNs : calmGapNs);
                inBurst = inBurst ? arrivals.NextDouble() >= exitBurst : arrivals.NextDouble() < enterBurst;
                var elapsedNs = (now - startTimestamp) * nsPerTimestamp;
                if (scheduleNs > elapsedNs)
                {
                    now = WaitUntil(startTimestamp, nsPerTimestamp, scheduleNs, slackNs, ct);
                    if (ct.IsCancellationRequested)
                    {
                        break;
                    }
                }
                else if (elapsedNs - scheduleNs > MaxLagNs)
                {
                    scheduleNs = elapsedNs - MaxLagNs;
                }
            }

            var s = market.NextInt(symbolCount);
            tick.InstrumentId = _instrumentIds[s];
            tick.ExchangeTimeNs = startWallNs + (long)((now - startTimestamp) * nsPerTimestamp);
            tick.Flags = RawTickFlags.Synthetic;
            if (market.NextDouble() < tradeProbability)
            {
                var buy = (market.NextUInt64() & 1) == 0;
                var roundLot = _roundLots[s];
                var oddLot = roundLot > 1 && market.NextDouble() < OddLotProbability;
                tick.Kind = TickKind.Trade;
                tick.Price = buy ? _askPrices[s] : _bidPrices[s];
                tick.Size = oddLot ? 1 + market.NextInt(roundLot - 1) : (long)roundLot * (1 + market.NextInt(10));
                tick.AggressorSide = buy ? AggressorSide.Buy : AggressorSide.Sell;
                tick.TradeId = ++tradeId;
                tick.BidPrice = RawTick.EmptyPrice;
                tick.BidSize = 0;
                tick.AskPrice = RawTick.EmptyPrice;
                tick.AskSize = 0;
                if (oddLot)
                {
                    tick.Flags |= RawTickFlags.OddLot;
                }
            }
            else
            {
                NextQuote(ref market, s);
                tick.Kind = TickKind.Quote;
                tick.Price = 0;
                tick.Size = 0;
                tick.AggressorSide = AggressorSide.Unknown;
                tick.TradeId = 0;
                tick.BidPrice = _bidPrices[s];
                tick.BidSize = _bidSizes[s];
                tick.AskPrice = _askPrices[s];
                tick.AskSize = _askSizes[s];
            }

            sink.OnTick(ref tick);
            count++;
            Counters.AddTicksRead(1);
        }
    }

    // Steps symbol s's mid by one geometric-Brownian increment and quotes around it on the tick grid.
    private void NextQuote(ref Xoshiro256StarStar rng, int s)
    {
        var sigma = _options.VolatilityPerQuote;
        var mid = _midTicks[s] * Math.Exp((sigma * StandardNormal(ref rng)) - (0.5 * sigma * sigma));
        _midTicks[s] = Math.Max(mid, 1.0);

        var u = rng.NextDouble();
        var spread = 1 + (long)(u * u * _options.MaxSpreadTicks); // 1 .. MaxSpreadTicks, narrow spreads likelier
        var bid = Math.Max(1, (long)Math.Round(_midTicks[s]) - (spread / 2));
        var tickSize = _tickSizes[s];
        _bidPrices[s] = bid * tickSize;
        _askPrices[s] = (bid + spread) * tickSize;
        _bidSizes[s] = (long)_roundLots[s] * (1 + rng.NextInt(20));
        _askSizes[s] = (long)_roundLots[s] * (1 + rng.NextInt(20));
    }

    // Box-Muller; one variate per call keeps the draw count per quote fixed, which keeps runs reproducible.
    private static double StandardNormal(ref Xoshiro256StarStar rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // Waits on the monotonic clock until the tick is due, or due within the slack: with a slack of a millisecond the
    // thread wakes about once a millisecond and emits what fell due, instead of spinning a core away (two cores
    // are not enough for a spinning source beside the publisher and NetMQ's threads). A smaller slack wakes more
    // often and emits smaller groups: below a millisecond ahead it sleeps with PreciseSleep until the tick is due
    // (then everything due within the slack goes out together), and only the last 70 us are yielded and spun.
    private static long WaitUntil(long startTimestamp, double nsPerTimestamp, double targetNs, double slackNs, CancellationToken ct)
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var aheadNs = targetNs - ((now - startTimestamp) * nsPerTimestamp);
            if (aheadNs <= slackNs || ct.IsCancellationRequested)
            {
                return now;
            }

            if (aheadNs > SleepThresholdNs)
            {
                // Whole milliseconds, one short of the target, capped so cancellation stays prompt.
                Thread.Sleep((int)Math.Clamp(((aheadNs - slackNs) / 1e6) - 1, 1, 50));
            }
            else if (aheadNs > PreciseSleepMinimumNs && PreciseSleep.IsSupported)
            {
                // The kernel adds its timer slack to every sleep: ask for that much less.
                PreciseSleep.Sleep((long)(aheadNs - TimerSlackNs));
            }
            else if (aheadNs > 50_000)
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private static int DecimalPlaces(decimal value)
    {
        var places = 0;
        while (value != decimal.Truncate(value) && places < 9)
        {
            value *= 10;
            places++;
        }

        return places;
    }
}
