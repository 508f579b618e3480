using TickStream.Itch.Messages;

namespace TickStream.Itch.Tests;

/// <summary>Reads a few fields of every message and counts, without allocating.</summary>
internal struct CountingHandler : IItchMessageHandler
{
    public long Messages;
    public long Checksum;
    public long Errors;

    public void OnSystemEvent(SystemEventMessage message, long fileOffset) => Count(message.Timestamp);

    public void OnStockDirectory(StockDirectoryMessage message, long fileOffset) => Count(message.RoundLotSize);

    public void OnStockTradingAction(StockTradingActionMessage message, long fileOffset) => Count(message.TradingState);

    public void OnRegShoRestriction(RegShoRestrictionMessage message, long fileOffset) => Count(message.RegShoAction);

    public void OnMarketParticipantPosition(MarketParticipantPositionMessage message, long fileOffset) => Count(message.MarketMakerMode);

    public void OnMwcbDeclineLevel(MwcbDeclineLevelMessage message, long fileOffset) => Count(message.Level1E9);

    public void OnMwcbStatus(MwcbStatusMessage message, long fileOffset) => Count(message.BreachedLevel);

    public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage message, long fileOffset) => Count(message.IpoPrice);

    public void OnLuldAuctionCollar(LuldAuctionCollarMessage message, long fileOffset) => Count(message.AuctionCollarReferencePrice);

    public void OnOperationalHalt(OperationalHaltMessage message, long fileOffset) => Count(message.OperationalHaltAction);

    public void OnAddOrder(AddOrderMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber + message.Shares + message.Price);

    public void OnAddOrderMpid(AddOrderMpidMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber + message.Shares + message.Price);

    public void OnOrderExecuted(OrderExecutedMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber + message.ExecutedShares);

    public void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber + message.ExecutionPrice);

    public void OnOrderCancel(OrderCancelMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber + message.CancelledShares);

    public void OnOrderDelete(OrderDeleteMessage message, long fileOffset) => Count((long)message.OrderReferenceNumber);

    public void OnOrderReplace(OrderReplaceMessage message, long fileOffset) => Count((long)message.NewOrderReferenceNumber + message.Price);

    public void OnTrade(TradeMessage message, long fileOffset) => Count(message.Price);

    public void OnCrossTrade(CrossTradeMessage message, long fileOffset) => Count(message.CrossPrice);

    public void OnBrokenTrade(BrokenTradeMessage message, long fileOffset) => Count((long)message.MatchNumber);

    public void OnNoii(NoiiMessage message, long fileOffset) => Count(message.NearPrice);

    public void OnRpii(RpiiMessage message, long fileOffset) => Count(message.InterestFlag);

    public void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage message, long fileOffset) => Count(message.NearExecutionPrice);

    public void OnError(in ItchError rejected) => Errors++;

    private void Count(long value)
    {
        Messages++;
        Checksum += value;
    }
}
