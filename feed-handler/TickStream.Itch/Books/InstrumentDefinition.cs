namespace TickStream.Itch.Books;

/// <summary>A stock as announced by its Stock Directory message.</summary>
/// <param name="StockLocate">Locate code the day's messages use for the stock.</param>
/// <param name="Symbol">The symbol without padding.</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch.</param>
/// <param name="RoundLotSize">Shares in a round lot.</param>
/// <param name="RoundLotsOnly">True when only round lots are accepted.</param>
/// <param name="MarketCategory">Listing market code (Q, G, S, N, A, P, Z, V or space).</param>
/// <param name="FinancialStatusIndicator">Financial status code.</param>
/// <param name="IssueClassification">Security class code.</param>
/// <param name="IsEtp">True for an exchange traded product.</param>
/// <param name="IsTest">True for a test security (authenticity T).</param>
public readonly record struct InstrumentDefinition(
    ushort StockLocate,
    string Symbol,
    long TimestampNs,
    uint RoundLotSize,
    bool RoundLotsOnly,
    byte MarketCategory,
    byte FinancialStatusIndicator,
    byte IssueClassification,
    bool IsEtp,
    bool IsTest);
