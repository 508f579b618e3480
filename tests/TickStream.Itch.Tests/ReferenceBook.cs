using TickStream.Itch.Messages;

namespace TickStream.Itch.Tests;

/// <summary>A deliberately simple model: a dictionary of live orders, aggregated on demand.</summary>
internal sealed class ReferenceBook
{
    private readonly Dictionary<ulong, (ushort Locate, ItchSide Side, uint Price, uint Shares)> _orders = [];

    public int OrderCount => _orders.Count;

    public static ReferenceBook Replay(ReadOnlySpan<byte> data)
    {
        var model = new ReferenceBook();
        var handler = new Handler(model);
        ItchParser.ParseFramed(data, 0, ref handler, new ItchErrorCounters(), isFinal: true, out _);
        return model;
    }

    public List<(uint Price, long Size, int Orders)> Levels(ushort locate, ItchSide side)
    {
        var levels = _orders.Values
            .Where(o => o.Locate == locate && o.Side == side)
            .GroupBy(o => o.Price)
            .Select(g => (g.Key, g.Sum(o => (long)o.Shares), g.Count()));
        return [.. side == ItchSide.Buy ? levels.OrderByDescending(l => l.Key) : levels.OrderBy(l => l.Key)];
    }

    private void Reduce(ulong reference, uint shares)
    {
        var order = _orders[reference];
        if (shares >= order.Shares)
        {
            _orders.Remove(reference);
        }
        else
        {
            _orders[reference] = order with { Shares = order.Shares - shares };
        }
    }

    private readonly struct Handler(ReferenceBook model) : IItchMessageHandler
    {
        public void OnAddOrder(AddOrderMessage m, long fileOffset) => model._orders.Add(m.OrderReferenceNumber, (m.StockLocate, m.Side, m.Price, m.Shares));

        public void OnAddOrderMpid(AddOrderMpidMessage m, long fileOffset) => model._orders.Add(m.OrderReferenceNumber, (m.StockLocate, m.Side, m.Price, m.Shares));

        public void OnOrderExecuted(OrderExecutedMessage m, long fileOffset) => model.Reduce(m.OrderReferenceNumber, m.ExecutedShares);

        public void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage m, long fileOffset) => model.Reduce(m.OrderReferenceNumber, m.ExecutedShares);

        public void OnOrderCancel(OrderCancelMessage m, long fileOffset) => model.Reduce(m.OrderReferenceNumber, m.CancelledShares);

        public void OnOrderDelete(OrderDeleteMessage m, long fileOffset) => model._orders.Remove(m.OrderReferenceNumber);

        public void OnOrderReplace(OrderReplaceMessage m, long fileOffset)
        {
            var old = model._orders[m.OriginalOrderReferenceNumber];
            model._orders.Remove(m.OriginalOrderReferenceNumber);
            model._orders.Add(m.NewOrderReferenceNumber, (old.Locate, old.Side, m.Price, m.Shares));
        }

        public void OnSystemEvent(SystemEventMessage message, long fileOffset) { }

        public void OnStockDirectory(StockDirectoryMessage message, long fileOffset) { }

        public void OnStockTradingAction(StockTradingActionMessage message, long fileOffset) { }

        public void OnRegShoRestriction(RegShoRestrictionMessage message, long fileOffset) { }

        public void OnMarketParticipantPosition(MarketParticipantPositionMessage message, long fileOffset) { }

        public void OnMwcbDeclineLevel(MwcbDeclineLevelMessage message, long fileOffset) { }

        public void OnMwcbStatus(MwcbStatusMessage message, long fileOffset) { }

        public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage message, long fileOffset) { }

        public void OnLuldAuctionCollar(LuldAuctionCollarMessage message, long fileOffset) { }

        public void OnOperationalHalt(OperationalHaltMessage message, long fileOffset) { }

        public void OnTrade(TradeMessage message, long fileOffset) { }

        public void OnCrossTrade(CrossTradeMessage message, long fileOffset) { }

        public void OnBrokenTrade(BrokenTradeMessage message, long fileOffset) { }

        public void OnNoii(NoiiMessage message, long fileOffset) { }

        public void OnRpii(RpiiMessage message, long fileOffset) { }

        public void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage message, long fileOffset) { }

        public void OnError(in ItchError rejected) => throw new InvalidOperationException(rejected.ToString());
    }
}
