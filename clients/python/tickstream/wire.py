"""Decoder for TickStream frames, written from docs/WIRE.md and schemas/tickstream.xml alone.

Every ZeroMQ message is one frame: an ASCII topic ending in b'|', then an SBE frame (little-endian): an 8-byte
header (blockLength, templateId, schemaId, version: uint16 each), the message's fixed block, then any repeating
groups and variable-length data. Fields are read at the offsets of version 0; a frame from a newer schema with a
longer block still decodes because groups and var data are found from the header's blockLength.
"""

import struct

SCHEMA_ID = 100
HEADER = struct.Struct("<HHHH")
PRICE_NULL = -(2 ** 63)
UINT64_NULL = 2 ** 64 - 1
INT64_NULL = -(2 ** 63)
SCALE = 10 ** 9

TEMPLATES = {1: "Trade", 2: "Quote", 3: "BookUpdate", 4: "Heartbeat", 5: "StreamStart", 6: "Snapshot",
             7: "InstrumentDefinition"}
AGGRESSOR = {0: "Unknown", 1: "Buy", 2: "Sell"}
BOOK_SIDE = {0: "Bid", 1: "Ask"}
BOOK_ACTION = {0: "New", 1: "Change", 2: "Delete"}
FLAGS = ["Synthetic", "Crossed", "OddLot", "CrossTrade", "NonDisplayed", "Recovered"]

# The 60-byte prefix Trade, Quote, BookUpdate and Snapshot share.
PREFIX = struct.Struct("<QQQQIHH16s4s")


class DecodeError(ValueError):
    """The bytes are not a TickStream frame this decoder understands."""


def _text(raw):
    return raw.split(b"\0", 1)[0].decode("ascii")


def _price(mantissa):
    return None if mantissa == PRICE_NULL else mantissa / SCALE


def _opt(value, null):
    return None if value == null else value


def _flags(bits):
    return [name for i, name in enumerate(FLAGS) if bits & (1 << i)]


def split(message):
    """Splits a ZeroMQ message into (topic, sbe_frame)."""
    end = message.find(b"|", 0, 19)
    if end < 1:
        raise DecodeError("no topic terminator '|' in the first 19 bytes")
    return message[:end + 1].decode("ascii"), message[end + 1:]


def _prefix(body):
    (stream_seq, symbol_seq, exchange_time, ingest_time, instrument_id, stream_id, flags, symbol,
     venue) = PREFIX.unpack_from(body, 0)
    return {"streamSeq": stream_seq, "symbolSeq": symbol_seq, "exchangeTime": exchange_time,
            "ingestTime": ingest_time, "instrumentId": instrument_id, "streamId": stream_id,
            "flags": _flags(flags), "symbol": _text(symbol), "venue": _text(venue)}


def _need(frame, length, what):
    if len(frame) < length:
        raise DecodeError(f"{what}: needs {length} bytes, frame has {len(frame)}")


def decode(frame):
    """Decodes one SBE frame (without its topic) into a dict with a 'type' key."""
    frame = bytes(frame)
    _need(frame, HEADER.size, "header")
    block_length, template_id, schema_id, version = HEADER.unpack_from(frame, 0)
    if schema_id != SCHEMA_ID:
        raise DecodeError(f"schema id {schema_id}, expected {SCHEMA_ID}")
    name = TEMPLATES.get(template_id)
    if name is None:
        raise DecodeError(f"unknown template id {template_id}")
    _need(frame, HEADER.size + block_length, f"{name} block of {block_length} bytes")
    body = frame[HEADER.size:HEADER.size + block_length]
    rest = HEADER.size + block_length
    msg = {"type": name, "version": version}
    if name == "Trade":
        msg.update(_prefix(body))
        side, price, size, trade_id = struct.unpack_from("<B3xqqQ", body, 60)
        msg.update(aggressorSide=AGGRESSOR.get(side, side), price=_price(price), size=size, tradeId=trade_id)
    elif name == "Quote":
        msg.update(_prefix(body))
        bid, bid_size, ask, ask_size = struct.unpack_from("<qqqq", body, 64)
        msg.update(bidPrice=_price(bid), bidSize=bid_size, askPrice=_price(ask), askSize=ask_size)
    elif name == "BookUpdate":
        msg.update(_prefix(body))
        _need(frame, rest + 4, "levels group header")
        group_block, count = struct.unpack_from("<HH", frame, rest)
        rest += 4
        _need(frame, rest + group_block * count, f"{count} levels of {group_block} bytes")
        levels = []
        for i in range(count):
            price, size, level, side, action = struct.unpack_from("<qqBBB", frame, rest + i * group_block)
            levels.append({"price": price / SCALE, "size": size, "level": level,
                           "side": BOOK_SIDE.get(side, side), "action": BOOK_ACTION.get(action, action)})
        msg["levels"] = levels
    elif name == "Heartbeat":
        stream_seq, time, stream_id = struct.unpack_from("<QQH", body, 0)
        msg.update(streamSeq=stream_seq, time=time, streamId=stream_id)
    elif name == "StreamStart":
        session_id, time, stream_id = struct.unpack_from("<QQH", body, 0)
        _need(frame, rest + 2, "streamName length")
        (length,) = struct.unpack_from("<H", frame, rest)
        _need(frame, rest + 2 + length, f"streamName of {length} bytes")
        msg.update(sessionId=session_id, time=time, streamId=stream_id,
                   streamName=frame[rest + 2:rest + 2 + length].decode("utf-8"))
    elif name == "Snapshot":
        msg.update(_prefix(body))
        (quote_seq, quote_time, bid, bid_size, ask, ask_size, trade_seq, trade_time, last, last_size, trade_id,
         side) = struct.unpack_from("<QQqqqqQQqqQB", body, 64)
        msg.update(quoteSymbolSeq=_opt(quote_seq, UINT64_NULL), quoteExchangeTime=_opt(quote_time, UINT64_NULL),
                   bidPrice=_price(bid), bidSize=_opt(bid_size, INT64_NULL), askPrice=_price(ask),
                   askSize=_opt(ask_size, INT64_NULL), tradeSymbolSeq=_opt(trade_seq, UINT64_NULL),
                   tradeExchangeTime=_opt(trade_time, UINT64_NULL), lastPrice=_price(last),
                   lastSize=_opt(last_size, INT64_NULL), lastTradeId=_opt(trade_id, UINT64_NULL),
                   lastAggressorSide=AGGRESSOR.get(side, side))
    elif name == "InstrumentDefinition":
        (stream_seq, time, tick_size, instrument_id, stream_id, decimals, round_lot, symbol,
         venue) = struct.unpack_from("<QQqIHbxI16s4s", body, 0)
        _need(frame, rest + 2, "description length")
        (length,) = struct.unpack_from("<H", frame, rest)
        _need(frame, rest + 2 + length, f"description of {length} bytes")
        msg.update(streamSeq=stream_seq, time=time, tickSize=tick_size / SCALE, instrumentId=instrument_id,
                   streamId=stream_id, displayDecimals=decimals, roundLot=round_lot, symbol=_text(symbol),
                   venue=_text(venue), description=frame[rest + 2:rest + 2 + length].decode("utf-8"))
    return msg
