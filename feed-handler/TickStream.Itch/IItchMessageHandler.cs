using TickStream.Itch.Messages;

namespace TickStream.Itch;

/// <summary>
/// Receives parsed ITCH messages. Implement it on a struct and pass the struct as a generic argument
/// (<c>where THandler : struct, IItchMessageHandler</c>) so each call is devirtualised and inlinable.
/// </summary>
public interface IItchMessageHandler
{
    /// <summary>Called for each <see cref="SystemEventMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnSystemEvent(SystemEventMessage message, long fileOffset);

    /// <summary>Called for each <see cref="StockDirectoryMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnStockDirectory(StockDirectoryMessage message, long fileOffset);

    /// <summary>Called for each <see cref="StockTradingActionMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnStockTradingAction(StockTradingActionMessage message, long fileOffset);

    /// <summary>Called for each <see cref="RegShoRestrictionMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnRegShoRestriction(RegShoRestrictionMessage message, long fileOffset);

    /// <summary>Called for each <see cref="MarketParticipantPositionMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnMarketParticipantPosition(MarketParticipantPositionMessage message, long fileOffset);

    /// <summary>Called for each <see cref="MwcbDeclineLevelMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnMwcbDeclineLevel(MwcbDeclineLevelMessage message, long fileOffset);

    /// <summary>Called for each <see cref="MwcbStatusMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnMwcbStatus(MwcbStatusMessage message, long fileOffset);

    /// <summary>Called for each <see cref="IpoQuotingPeriodUpdateMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage message, long fileOffset);

    /// <summary>Called for each <see cref="LuldAuctionCollarMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnLuldAuctionCollar(LuldAuctionCollarMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OperationalHaltMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOperationalHalt(OperationalHaltMessage message, long fileOffset);

    /// <summary>Called for each <see cref="AddOrderMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnAddOrder(AddOrderMessage message, long fileOffset);

    /// <summary>Called for each <see cref="AddOrderMpidMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnAddOrderMpid(AddOrderMpidMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OrderExecutedMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOrderExecuted(OrderExecutedMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OrderExecutedWithPriceMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OrderCancelMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOrderCancel(OrderCancelMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OrderDeleteMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOrderDelete(OrderDeleteMessage message, long fileOffset);

    /// <summary>Called for each <see cref="OrderReplaceMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnOrderReplace(OrderReplaceMessage message, long fileOffset);

    /// <summary>Called for each <see cref="TradeMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnTrade(TradeMessage message, long fileOffset);

    /// <summary>Called for each <see cref="CrossTradeMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnCrossTrade(CrossTradeMessage message, long fileOffset);

    /// <summary>Called for each <see cref="BrokenTradeMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnBrokenTrade(BrokenTradeMessage message, long fileOffset);

    /// <summary>Called for each <see cref="NoiiMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnNoii(NoiiMessage message, long fileOffset);

    /// <summary>Called for each <see cref="RpiiMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnRpii(RpiiMessage message, long fileOffset);

    /// <summary>Called for each <see cref="DirectListingPriceDiscoveryMessage"/>.</summary>
    /// <param name="message">The message view, valid only during the call.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream.</param>
    void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage message, long fileOffset);

    /// <summary>Called for each rejected piece of input, after it was counted.</summary>
    /// <param name="rejected">What was rejected and where.</param>
    void OnError(in ItchError rejected);
}
