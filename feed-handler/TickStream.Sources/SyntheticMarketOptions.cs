namespace TickStream.Sources;

/// <summary>The knobs of the <see cref="SyntheticMarket"/>; the defaults give a plausible US equity tape.</summary>
public sealed record SyntheticMarketOptions
{
    /// <summary>About fifty large US equities and two ETFs at realistic prices.</summary>
    public static IReadOnlyList<SyntheticSymbol> DefaultUniverse { get; } =
    [
        new("AAPL", 190.00m, "Apple Inc."), new("MSFT", 420.00m, "Microsoft Corp."),
        new("NVDA", 120.00m, "NVIDIA Corp."), new("AMZN", 185.00m, "Amazon.com Inc."),
        new("GOOGL", 170.00m, "Alphabet Inc. Class A"), new("GOOG", 172.00m, "Alphabet Inc. Class C"),
        new("META", 500.00m, "Meta Platforms Inc."), new("TSLA", 250.00m, "Tesla Inc."),
        new("BRK.B", 410.00m, "Berkshire Hathaway Inc. Class B"), new("JPM", 200.00m, "JPMorgan Chase & Co."),
        new("V", 275.00m, "Visa Inc."), new("UNH", 520.00m, "UnitedHealth Group Inc."),
        new("XOM", 115.00m, "Exxon Mobil Corp."), new("JNJ", 155.00m, "Johnson & Johnson"),
        new("WMT", 68.00m, "Walmart Inc."), new("MA", 460.00m, "Mastercard Inc."),
        new("PG", 165.00m, "Procter & Gamble Co."), new("AVGO", 160.00m, "Broadcom Inc."),
        new("HD", 360.00m, "Home Depot Inc."), new("CVX", 155.00m, "Chevron Corp."),
        new("MRK", 110.00m, "Merck & Co. Inc."), new("ABBV", 175.00m, "AbbVie Inc."),
        new("LLY", 800.00m, "Eli Lilly and Co."), new("KO", 62.00m, "Coca-Cola Co."),
        new("PEP", 170.00m, "PepsiCo Inc."), new("COST", 850.00m, "Costco Wholesale Corp."),
        new("ADBE", 520.00m, "Adobe Inc."), new("CRM", 260.00m, "Salesforce Inc."),
        new("NFLX", 650.00m, "Netflix Inc."), new("AMD", 150.00m, "Advanced Micro Devices Inc."),
        new("ORCL", 140.00m, "Oracle Corp."), new("CSCO", 50.00m, "Cisco Systems Inc."),
        new("INTC", 30.00m, "Intel Corp."), new("TMO", 560.00m, "Thermo Fisher Scientific Inc."),
        new("ACN", 340.00m, "Accenture plc"), new("MCD", 270.00m, "McDonald's Corp."),
        new("DIS", 95.00m, "Walt Disney Co."), new("ABT", 110.00m, "Abbott Laboratories"),
        new("WFC", 58.00m, "Wells Fargo & Co."), new("BAC", 38.00m, "Bank of America Corp."),
        new("VZ", 40.00m, "Verizon Communications Inc."), new("T", 19.00m, "AT&T Inc."),
        new("PFE", 28.00m, "Pfizer Inc."), new("NKE", 85.00m, "Nike Inc."),
        new("QCOM", 165.00m, "Qualcomm Inc."), new("TXN", 195.00m, "Texas Instruments Inc."),
        new("IBM", 190.00m, "International Business Machines Corp."), new("GS", 480.00m, "Goldman Sachs Group Inc."),
        new("CAT", 350.00m, "Caterpillar Inc."), new("BA", 180.00m, "Boeing Co."),
        new("SPY", 550.00m, "SPDR S&P 500 ETF Trust"), new("QQQ", 470.00m, "Invesco QQQ Trust"),
    ];

    /// <summary>Seeds the generator: the same seed gives the same ticks, apart from their timestamps.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The mean rate in ticks per second, bursts included; 0 means as fast as possible.</summary>
    public double TicksPerSecond { get; init; } = 10_000;

    /// <summary>Stop after this many ticks; 0 means run until cancelled.</summary>
    public long MaxTicks { get; init; }

    /// <summary>The instruments the market can trade.</summary>
    public IReadOnlyList<SyntheticSymbol> Universe { get; init; } = DefaultUniverse;

    /// <summary>Only these symbols of <see cref="Universe"/>; null or empty for all of them.</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>The chance that a tick is a trade rather than a quote; the default gives one trade per five quotes.</summary>
    public double TradeProbability { get; init; } = 1.0 / 6.0;

    /// <summary>Standard deviation of the log mid-price change per quote of a symbol (0.0002 is 2 basis points).</summary>
    public double VolatilityPerQuote { get; init; } = 0.0002;

    /// <summary>The widest spread in ticks; spreads are drawn from 1 to this, narrow ones more often.</summary>
    public int MaxSpreadTicks { get; init; } = 4;

    /// <summary>How much faster ticks arrive during a burst than between bursts.</summary>
    public double BurstRateMultiplier { get; init; } = 8;

    /// <summary>The long-run share of ticks that arrive during bursts, in [0, 1).</summary>
    public double BurstTickShare { get; init; } = 0.3;

    /// <summary>The mean length of a burst, in ticks.</summary>
    public double MeanBurstTicks { get; init; } = 5_000;

    /// <summary>
    /// How early a tick may be emitted: ticks due within this much of now are emitted at once, so a paced market wakes
    /// about once per slack instead of spinning. Zero paces every tick exactly (and spins a core at high rates).
    /// Exchange times are always the emission times.
    /// </summary>
    public TimeSpan PacingSlack { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The venue's market identifier code given to the instruments.</summary>
    public string Venue { get; init; } = "SYNT";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message);
            }
        }

        Require(double.IsFinite(TicksPerSecond) && TicksPerSecond >= 0, $"TicksPerSecond {TicksPerSecond} must be 0 or positive");
        Require(MaxTicks >= 0, $"MaxTicks {MaxTicks} must not be negative");
        Require(Universe is { Count: > 0 }, "Universe must have at least one symbol");
        Require(TradeProbability is >= 0 and <= 1, $"TradeProbability {TradeProbability} must be in [0, 1]");
        Require(double.IsFinite(VolatilityPerQuote) && VolatilityPerQuote is >= 0 and < 0.1, $"VolatilityPerQuote {VolatilityPerQuote} must be in [0, 0.1)");
        Require(PacingSlack >= TimeSpan.Zero && PacingSlack <= TimeSpan.FromSeconds(1), $"PacingSlack {PacingSlack} must be in [0, 1 s]");
        Require(MaxSpreadTicks >= 1, $"MaxSpreadTicks {MaxSpreadTicks} must be at least 1");
        Require(double.IsFinite(BurstRateMultiplier) && BurstRateMultiplier >= 1, $"BurstRateMultiplier {BurstRateMultiplier} must be at least 1");
        Require(BurstTickShare is >= 0 and < 1, $"BurstTickShare {BurstTickShare} must be in [0, 1)");
        Require(double.IsFinite(MeanBurstTicks) && MeanBurstTicks >= 1, $"MeanBurstTicks {MeanBurstTicks} must be at least 1");
    }
}
