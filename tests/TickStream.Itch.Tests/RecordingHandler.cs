using System.Text;
using TickStream.Itch.Messages;

namespace TickStream.Itch.Tests;

/// <summary>Records every message as one line naming each field, and every error.</summary>
internal readonly struct RecordingHandler() : IItchMessageHandler
{
    public List<string> Lines { get; } = [];

    public List<(ItchError Error, string Text)> Errors { get; } = [];

    public List<long> Offsets { get; } = [];

    public void OnSystemEvent(SystemEventMessage m, long fileOffset) =>
        Add(fileOffset, $"S {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} event={(char)m.EventCode}");

    public void OnStockDirectory(StockDirectoryMessage m, long fileOffset) =>
        Add(fileOffset, $"R {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.Stock)} trimmed={A(m.StockTrimmed)} cat={(char)m.MarketCategory} fin={(char)m.FinancialStatusIndicator} lot={m.RoundLotSize} lotsOnly={(char)m.RoundLotsOnly} class={(char)m.IssueClassification} sub={A(m.IssueSubType)} auth={(char)m.Authenticity} ssti={(char)m.ShortSaleThresholdIndicator} ipo={(char)m.IpoFlag} tier={(char)m.LuldReferencePriceTier} etp={(char)m.EtpFlag} lev={m.EtpLeverageFactor} inv={(char)m.InverseIndicator}");

    public void OnStockTradingAction(StockTradingActionMessage m, long fileOffset) =>
        Add(fileOffset, $"H {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} state={(char)m.TradingState} reserved={(char)m.Reserved} reason={A(m.Reason)}");

    public void OnRegShoRestriction(RegShoRestrictionMessage m, long fileOffset) =>
        Add(fileOffset, $"Y {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} action={(char)m.RegShoAction}");

    public void OnMarketParticipantPosition(MarketParticipantPositionMessage m, long fileOffset) =>
        Add(fileOffset, $"L {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} mpid={A(m.Mpid)} stock={A(m.StockTrimmed)} primary={(char)m.PrimaryMarketMaker} mode={(char)m.MarketMakerMode} state={(char)m.MarketParticipantState}");

    public void OnMwcbDeclineLevel(MwcbDeclineLevelMessage m, long fileOffset) =>
        Add(fileOffset, $"V {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} l1={m.Level1} l2={m.Level2} l3={m.Level3} l1e9={m.Level1E9}");

    public void OnMwcbStatus(MwcbStatusMessage m, long fileOffset) =>
        Add(fileOffset, $"W {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} level={(char)m.BreachedLevel}");

    public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage m, long fileOffset) =>
        Add(fileOffset, $"K {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} release={m.IpoQuotationReleaseTime} qualifier={(char)m.IpoQuotationReleaseQualifier} price={m.IpoPrice}");

    public void OnLuldAuctionCollar(LuldAuctionCollarMessage m, long fileOffset) =>
        Add(fileOffset, $"J {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} ref={m.AuctionCollarReferencePrice} upper={m.UpperAuctionCollarPrice} lower={m.LowerAuctionCollarPrice} ext={m.AuctionCollarExtension}");

    public void OnOperationalHalt(OperationalHaltMessage m, long fileOffset) =>
        Add(fileOffset, $"h {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} market={(char)m.MarketCode} action={(char)m.OperationalHaltAction}");

    public void OnAddOrder(AddOrderMessage m, long fileOffset) =>
        Add(fileOffset, $"A {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} side={(char)m.BuySellIndicator}/{m.Side} shares={m.Shares} stock={A(m.StockTrimmed)} price={m.Price} e9={m.PriceE9}");

    public void OnAddOrderMpid(AddOrderMpidMessage m, long fileOffset) =>
        Add(fileOffset, $"F {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} side={(char)m.BuySellIndicator}/{m.Side} shares={m.Shares} stock={A(m.StockTrimmed)} price={m.Price} mpid={A(m.Attribution)}");

    public void OnOrderExecuted(OrderExecutedMessage m, long fileOffset) =>
        Add(fileOffset, $"E {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} shares={m.ExecutedShares} match={m.MatchNumber}");

    public void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage m, long fileOffset) =>
        Add(fileOffset, $"C {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} shares={m.ExecutedShares} match={m.MatchNumber} printable={(char)m.Printable} price={m.ExecutionPrice}");

    public void OnOrderCancel(OrderCancelMessage m, long fileOffset) =>
        Add(fileOffset, $"X {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} shares={m.CancelledShares}");

    public void OnOrderDelete(OrderDeleteMessage m, long fileOffset) =>
        Add(fileOffset, $"D {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber}");

    public void OnOrderReplace(OrderReplaceMessage m, long fileOffset) =>
        Add(fileOffset, $"U {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} orig={m.OriginalOrderReferenceNumber} new={m.NewOrderReferenceNumber} shares={m.Shares} price={m.Price}");

    public void OnTrade(TradeMessage m, long fileOffset) =>
        Add(fileOffset, $"P {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} ref={m.OrderReferenceNumber} side={(char)m.BuySellIndicator} shares={m.Shares} stock={A(m.StockTrimmed)} price={m.Price} match={m.MatchNumber}");

    public void OnCrossTrade(CrossTradeMessage m, long fileOffset) =>
        Add(fileOffset, $"Q {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} shares={m.Shares} stock={A(m.StockTrimmed)} price={m.CrossPrice} match={m.MatchNumber} type={(char)m.CrossType}");

    public void OnBrokenTrade(BrokenTradeMessage m, long fileOffset) =>
        Add(fileOffset, $"B {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} match={m.MatchNumber}");

    public void OnNoii(NoiiMessage m, long fileOffset) =>
        Add(fileOffset, $"I {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} paired={m.PairedShares} imbalance={m.ImbalanceShares} dir={(char)m.ImbalanceDirection} stock={A(m.StockTrimmed)} far={m.FarPrice} near={m.NearPrice} ref={m.CurrentReferencePrice} cross={(char)m.CrossType} var={(char)m.PriceVariationIndicator}");

    public void OnRpii(RpiiMessage m, long fileOffset) =>
        Add(fileOffset, $"N {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} interest={(char)m.InterestFlag}");

    public void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage m, long fileOffset) =>
        Add(fileOffset, $"O {Header(m.StockLocate, m.TrackingNumber, m.Timestamp)} stock={A(m.StockTrimmed)} open={(char)m.OpenEligibilityStatus} min={m.MinimumAllowablePrice} max={m.MaximumAllowablePrice} near={m.NearExecutionPrice} nearTime={m.NearExecutionTime} lower={m.LowerPriceRangeCollar} upper={m.UpperPriceRangeCollar}");

    public void OnError(in ItchError rejected) => Errors.Add((rejected, rejected.ToString()));

    private static string Header(ushort locate, ushort tracking, long timestamp) => $"locate={locate} track={tracking} ts={timestamp}";

    private static string A(ReadOnlySpan<byte> alpha) => "'" + Encoding.ASCII.GetString(alpha) + "'";

    private void Add(long offset, string line)
    {
        Lines.Add(line);
        Offsets.Add(offset);
    }
}
