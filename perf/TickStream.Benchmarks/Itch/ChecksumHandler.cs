using TickStream.Itch;
using TickStream.Itch.Messages;

namespace TickStream.Benchmarks.Itch;

/// <summary>Reads the fields a consumer would use from every message and folds them into a checksum.</summary>
internal struct ChecksumHandler : IItchMessageHandler
{
    public long Checksum;

    public void OnSystemEvent(SystemEventMessage message, long fileOffset) => Checksum += message.EventCode;

    public void OnStockDirectory(StockDirectoryMessage message, long fileOffset) => Checksum += message.RoundLotSize;

    public void OnStockTradingAction(StockTradingActionMessage message, long fileOffset) => Checksum += message.TradingState;

    public void OnRegShoRestriction(RegShoRestrictionMessage message, long fileOffset) => Checksum += message.RegShoAction;

    public void OnMarketParticipantPosition(MarketParticipantPositionMessage message, long fileOffset) => Checksum += message.MarketMakerMode;

    public void OnMwcbDeclineLevel(MwcbDeclineLevelMessage message, long fileOffset) => Checksum += message.Level1E9;

    public void OnMwcbStatus(MwcbStatusMessage message, long fileOffset) => Checksum += message.BreachedLevel;

    public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage message, long fileOffset) => Checksum += message.IpoPrice;

    public void OnLuldAuctionCollar(LuldAuctionCollarMessage message, long fileOffset) => Checksum += message.AuctionCollarReferencePrice;

    public void OnOperationalHalt(OperationalHaltMessage message, long fileOffset) => Checksum += message.OperationalHaltAction;

    public void OnAddOrder(AddOrderMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OrderReferenceNumber + message.Shares + message.PriceE9 + (int)message.Side;

    public void OnAddOrderMpid(AddOrderMpidMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OrderReferenceNumber + message.Shares + message.PriceE9 + (int)message.Side;

    public void OnOrderExecuted(OrderExecutedMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OrderReferenceNumber + message.ExecutedShares + (long)message.MatchNumber;

    public void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage message, long fileOffset) =>
        Checksum += message.Timestamp + (long)message.OrderReferenceNumber + message.ExecutedShares + message.ExecutionPriceE9;

    public void OnOrderCancel(OrderCancelMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OrderReferenceNumber + message.CancelledShares;

    public void OnOrderDelete(OrderDeleteMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OrderReferenceNumber;

    public void OnOrderReplace(OrderReplaceMessage message, long fileOffset) =>
        Checksum += message.StockLocate + message.Timestamp + (long)message.OriginalOrderReferenceNumber + (long)message.NewOrderReferenceNumber + message.Shares + message.PriceE9;

    public void OnTrade(TradeMessage message, long fileOffset) => Checksum += message.PriceE9 + message.Shares;

    public void OnCrossTrade(CrossTradeMessage message, long fileOffset) => Checksum += message.CrossPriceE9;

    public void OnBrokenTrade(BrokenTradeMessage message, long fileOffset) => Checksum += (long)message.MatchNumber;

    public void OnNoii(NoiiMessage message, long fileOffset) => Checksum += message.NearPriceE9;

    public void OnRpii(RpiiMessage message, long fileOffset) => Checksum += message.InterestFlag;

    public void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage message, long fileOffset) => Checksum += message.NearExecutionPriceE9;

    public void OnError(in ItchError rejected) => Checksum--;
}
