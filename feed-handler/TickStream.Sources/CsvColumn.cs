namespace TickStream.Sources;

/// <summary>The columns a tick row can have; header names are given in the docs of each value.</summary>
public enum CsvColumn
{
    /// <summary>"time": ISO-8601 UTC (2024-03-01T14:30:00.123456789Z) or integer nanoseconds since the epoch.</summary>
    Time = 0,

    /// <summary>"symbol": 1 to 16 characters of A-Z, 0-9, '.', '/', '_', '-'.</summary>
    Symbol,

    /// <summary>"type": T or trade, Q or quote (any case).</summary>
    Type,

    /// <summary>"price": the trade price, a decimal with up to 9 decimal places.</summary>
    Price,

    /// <summary>"size": the trade size, a non-negative integer.</summary>
    Size,

    /// <summary>"side": the trade's aggressor, B or buy, S or sell, or empty for unknown.</summary>
    Side,

    /// <summary>"bid": the best bid price, empty for an empty bid side.</summary>
    Bid,

    /// <summary>"bid_size": the best bid size.</summary>
    BidSize,

    /// <summary>"ask": the best ask price, empty for an empty ask side.</summary>
    Ask,

    /// <summary>"ask_size": the best ask size.</summary>
    AskSize,

    /// <summary>"trade_id": the venue's trade id, a non-negative integer, optional.</summary>
    TradeId,
}
