using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using TickStream.Itch.Messages;

namespace TickStream.Itch;

/// <summary>
/// Dispatches ITCH 5.0 messages to a struct handler. Works on the BinaryFILE layout: each message is preceded by
/// a 2-byte big-endian length that does not count itself.
/// </summary>
public static class ItchParser
{
    /// <summary>Size of the length prefix in front of every message.</summary>
    public const int LengthPrefixSize = 2;

    /// <summary>The fixed length of a message type including its type byte, or 0 for a type the spec does not define.</summary>
    /// <param name="messageType">The message type byte.</param>
    /// <returns>The length, or 0.</returns>
    public static int FixedLength(byte messageType) => messageType switch
    {
            SystemEventMessage.Type => SystemEventMessage.Length,
            StockDirectoryMessage.Type => StockDirectoryMessage.Length,
            StockTradingActionMessage.Type => StockTradingActionMessage.Length,
            RegShoRestrictionMessage.Type => RegShoRestrictionMessage.Length,
            MarketParticipantPositionMessage.Type => MarketParticipantPositionMessage.Length,
            MwcbDeclineLevelMessage.Type => MwcbDeclineLevelMessage.Length,
            MwcbStatusMessage.Type => MwcbStatusMessage.Length,
            IpoQuotingPeriodUpdateMessage.Type => IpoQuotingPeriodUpdateMessage.Length,
            LuldAuctionCollarMessage.Type => LuldAuctionCollarMessage.Length,
            OperationalHaltMessage.Type => OperationalHaltMessage.Length,
            AddOrderMessage.Type => AddOrderMessage.Length,
            AddOrderMpidMessage.Type => AddOrderMpidMessage.Length,
            OrderExecutedMessage.Type => OrderExecutedMessage.Length,
            OrderExecutedWithPriceMessage.Type => OrderExecutedWithPriceMessage.Length,
            OrderCancelMessage.Type => OrderCancelMessage.Length,
            OrderDeleteMessage.Type => OrderDeleteMessage.Length,
            OrderReplaceMessage.Type => OrderReplaceMessage.Length,
            TradeMessage.Type => TradeMessage.Length,
            CrossTradeMessage.Type => CrossTradeMessage.Length,
            BrokenTradeMessage.Type => BrokenTradeMessage.Length,
            NoiiMessage.Type => NoiiMessage.Length,
            RpiiMessage.Type => RpiiMessage.Length,
            DirectListingPriceDiscoveryMessage.Type => DirectListingPriceDiscoveryMessage.Length,
        _ => 0,
    };

    /// <summary>
    /// Hands one message to <paramref name="handler"/>. An unknown type or a length that disagrees with the type's
    /// fixed length is counted in <paramref name="errors"/>, reported through <see cref="IItchMessageHandler.OnError"/>
    /// and skipped.
    /// </summary>
    /// <typeparam name="THandler">The handler; a struct so the calls are devirtualised.</typeparam>
    /// <param name="message">One message starting at its type byte, without the length prefix.</param>
    /// <param name="fileOffset">Offset of the message's length prefix in the stream, for error reports.</param>
    /// <param name="handler">Receives the message.</param>
    /// <param name="errors">Counts rejected messages.</param>
    /// <returns>True when the message was handed to the handler.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Dispatch<THandler>(ReadOnlySpan<byte> message, long fileOffset, ref THandler handler, ItchErrorCounters errors)
        where THandler : struct, IItchMessageHandler
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (message.IsEmpty)
        {
            Report(ref handler, errors, new ItchError(ItchErrorKind.EmptyMessage, fileOffset, 0, 0, 0));
            return false;
        }

        switch (message[0])
        {
            case SystemEventMessage.Type:
                if (message.Length != SystemEventMessage.Length)
                {
                    break;
                }

                handler.OnSystemEvent(new SystemEventMessage(message), fileOffset);
                return true;

            case StockDirectoryMessage.Type:
                if (message.Length != StockDirectoryMessage.Length)
                {
                    break;
                }

                handler.OnStockDirectory(new StockDirectoryMessage(message), fileOffset);
                return true;

            case StockTradingActionMessage.Type:
                if (message.Length != StockTradingActionMessage.Length)
                {
                    break;
                }

                handler.OnStockTradingAction(new StockTradingActionMessage(message), fileOffset);
                return true;

            case RegShoRestrictionMessage.Type:
                if (message.Length != RegShoRestrictionMessage.Length)
                {
                    break;
                }

                handler.OnRegShoRestriction(new RegShoRestrictionMessage(message), fileOffset);
                return true;

            case MarketParticipantPositionMessage.Type:
                if (message.Length != MarketParticipantPositionMessage.Length)
                {
                    break;
                }

                handler.OnMarketParticipantPosition(new MarketParticipantPositionMessage(message), fileOffset);
                return true;

            case MwcbDeclineLevelMessage.Type:
                if (message.Length != MwcbDeclineLevelMessage.Length)
                {
                    break;
                }

                handler.OnMwcbDeclineLevel(new MwcbDeclineLevelMessage(message), fileOffset);
                return true;

            case MwcbStatusMessage.Type:
                if (message.Length != MwcbStatusMessage.Length)
                {
                    break;
                }

                handler.OnMwcbStatus(new MwcbStatusMessage(message), fileOffset);
                return true;

            case IpoQuotingPeriodUpdateMessage.Type:
                if (message.Length != IpoQuotingPeriodUpdateMessage.Length)
                {
                    break;
                }

                handler.OnIpoQuotingPeriodUpdate(new IpoQuotingPeriodUpdateMessage(message), fileOffset);
                return true;

            case LuldAuctionCollarMessage.Type:
                if (message.Length != LuldAuctionCollarMessage.Length)
                {
                    break;
                }

                handler.OnLuldAuctionCollar(new LuldAuctionCollarMessage(message), fileOffset);
                return true;

            case OperationalHaltMessage.Type:
                if (message.Length != OperationalHaltMessage.Length)
                {
                    break;
                }

                handler.OnOperationalHalt(new OperationalHaltMessage(message), fileOffset);
                return true;

            case AddOrderMessage.Type:
                if (message.Length != AddOrderMessage.Length)
                {
                    break;
                }

                handler.OnAddOrder(new AddOrderMessage(message), fileOffset);
                return true;

            case AddOrderMpidMessage.Type:
                if (message.Length != AddOrderMpidMessage.Length)
                {
                    break;
                }

                handler.OnAddOrderMpid(new AddOrderMpidMessage(message), fileOffset);
                return true;

            case OrderExecutedMessage.Type:
                if (message.Length != OrderExecutedMessage.Length)
                {
                    break;
                }

                handler.OnOrderExecuted(new OrderExecutedMessage(message), fileOffset);
                return true;

            case OrderExecutedWithPriceMessage.Type:
                if (message.Length != OrderExecutedWithPriceMessage.Length)
                {
                    break;
                }

                handler.OnOrderExecutedWithPrice(new OrderExecutedWithPriceMessage(message), fileOffset);
                return true;

            case OrderCancelMessage.Type:
                if (message.Length != OrderCancelMessage.Length)
                {
                    break;
                }

                handler.OnOrderCancel(new OrderCancelMessage(message), fileOffset);
                return true;

            case OrderDeleteMessage.Type:
                if (message.Length != OrderDeleteMessage.Length)
                {
                    break;
                }

                handler.OnOrderDelete(new OrderDeleteMessage(message), fileOffset);
                return true;

            case OrderReplaceMessage.Type:
                if (message.Length != OrderReplaceMessage.Length)
                {
                    break;
                }

                handler.OnOrderReplace(new OrderReplaceMessage(message), fileOffset);
                return true;

            case TradeMessage.Type:
                if (message.Length != TradeMessage.Length)
                {
                    break;
                }

                handler.OnTrade(new TradeMessage(message), fileOffset);
                return true;

            case CrossTradeMessage.Type:
                if (message.Length != CrossTradeMessage.Length)
                {
                    break;
                }

                handler.OnCrossTrade(new CrossTradeMessage(message), fileOffset);
                return true;

            case BrokenTradeMessage.Type:
                if (message.Length != BrokenTradeMessage.Length)
                {
                    break;
                }

                handler.OnBrokenTrade(new BrokenTradeMessage(message), fileOffset);
                return true;

            case NoiiMessage.Type:
                if (message.Length != NoiiMessage.Length)
                {
                    break;
                }

                handler.OnNoii(new NoiiMessage(message), fileOffset);
                return true;

            case RpiiMessage.Type:
                if (message.Length != RpiiMessage.Length)
                {
                    break;
                }

                handler.OnRpii(new RpiiMessage(message), fileOffset);
                return true;

            case DirectListingPriceDiscoveryMessage.Type:
                if (message.Length != DirectListingPriceDiscoveryMessage.Length)
                {
                    break;
                }

                handler.OnDirectListingPriceDiscovery(new DirectListingPriceDiscoveryMessage(message), fileOffset);
                return true;

            default:
                Report(ref handler, errors, new ItchError(ItchErrorKind.UnknownMessageType, fileOffset, message[0], 0, message.Length));
                return false;
        }

        Report(ref handler, errors, new ItchError(ItchErrorKind.LengthMismatch, fileOffset, message[0], 0, message.Length));
        return false;
    }

    /// <summary>
    /// Parses every complete length-prefixed message in <paramref name="data"/>. An incomplete message at the end is
    /// left unconsumed so the caller can append more bytes, unless <paramref name="isFinal"/> says no more will come:
    /// then it is reported as truncated and consumed.
    /// </summary>
    /// <typeparam name="THandler">The handler; a struct so the calls are devirtualised.</typeparam>
    /// <param name="data">Length-prefixed messages.</param>
    /// <param name="baseOffset">Stream offset of <paramref name="data"/>[0], so errors carry file offsets.</param>
    /// <param name="handler">Receives the messages.</param>
    /// <param name="errors">Counts rejected input.</param>
    /// <param name="isFinal">True when <paramref name="data"/> ends the stream.</param>
    /// <param name="messageCount">Number of frames consumed, good or bad (a truncated tail is not a frame).</param>
    /// <returns>Bytes consumed.</returns>
    public static int ParseFramed<THandler>(
        ReadOnlySpan<byte> data, long baseOffset, ref THandler handler, ItchErrorCounters errors, bool isFinal, out long messageCount)
        where THandler : struct, IItchMessageHandler
    {
        ArgumentNullException.ThrowIfNull(errors);
        var position = 0;
        long count = 0;
        while (data.Length - position >= LengthPrefixSize)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(position));
            var end = position + LengthPrefixSize + length;
            if (end > data.Length)
            {
                break;
            }

            Dispatch(data.Slice(position + LengthPrefixSize, length), baseOffset + position, ref handler, errors);
            position = end;
            count++;
        }

        if (isFinal && position < data.Length)
        {
            ReportTruncatedTail(data.Slice(position), baseOffset + position, ref handler, errors);
            position = data.Length;
        }

        messageCount = count;
        return position;
    }

    /// <summary>Reports the bytes left at the end of a stream that do not form a whole message.</summary>
    internal static void ReportTruncatedTail<THandler>(ReadOnlySpan<byte> tail, long fileOffset, ref THandler handler, ItchErrorCounters errors)
        where THandler : struct, IItchMessageHandler
    {
        if (tail.Length < LengthPrefixSize)
        {
            Report(ref handler, errors, new ItchError(ItchErrorKind.TruncatedLengthPrefix, fileOffset, 0, 0, 0));
            return;
        }

        var declared = BinaryPrimitives.ReadUInt16BigEndian(tail);
        var type = tail.Length > LengthPrefixSize ? tail[LengthPrefixSize] : (byte)0;
        Report(ref handler, errors, new ItchError(ItchErrorKind.TruncatedMessage, fileOffset, type, 0, declared));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Report<THandler>(ref THandler handler, ItchErrorCounters errors, in ItchError error)
        where THandler : struct, IItchMessageHandler
    {
        errors.Record(error);
        handler.OnError(error);
    }
}
