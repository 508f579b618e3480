"""A small TickStream client on pyzmq: subscribe to symbols and decode every message of the wire schema."""

import zmq

from .wire import DecodeError, decode, split

CLASSES = {"trades": "T", "quotes": "Q", "books": "B", "instruments": "I"}
__all__ = ["DecodeError", "decode_message", "RepairingSubscriber", "RequestClient", "RequestError", "Subscriber", "decode", "split",
           "topics_for"]


def topics_for(symbols=None, classes=("T", "Q", "B", "I")):
    """Subscription prefixes: exactly these symbols (never a longer symbol), or every symbol when none are given.

    Heartbeats and stream starts ('H|', 'S|') are always included so that staleness and restarts can be seen.
    """
    prefixes = ["H|", "S|"]
    for cls in classes:
        if symbols:
            prefixes += [f"{cls}.{symbol}|" for symbol in symbols]
        else:
            prefixes.append(f"{cls}.")
    return prefixes


def decode_message(message):
    """Decodes one ZeroMQ message (topic, then SBE frame) into a dict with its 'topic'; raises DecodeError."""
    topic, frame = split(message)
    msg = decode(frame)
    msg["topic"] = topic
    return msg


class Subscriber:
    """Connects a SUB socket to TickStream endpoints and yields decoded frames as dicts."""

    def __init__(self, endpoints, symbols=None, classes=("T", "Q", "B", "I"), context=None, curve=None):
        self.context = context or zmq.Context.instance()
        self.socket = self.context.socket(zmq.SUB)
        self.socket.setsockopt(zmq.RCVHWM, 1_000_000)
        if curve:
            server_public, public, secret = curve
            self.socket.curve_serverkey = server_public
            self.socket.curve_publickey = public
            self.socket.curve_secretkey = secret
        for prefix in topics_for(symbols, classes):
            self.socket.setsockopt(zmq.SUBSCRIBE, prefix.encode("ascii"))
        for endpoint in [endpoints] if isinstance(endpoints, str) else endpoints:
            self.socket.connect(endpoint)
        self.errors = 0

    def recv(self, timeout_ms=None):
        """The next decoded frame with its topic, or None after timeout_ms. Undecodable frames are counted."""
        while True:
            if timeout_ms is not None and not self.socket.poll(timeout_ms):
                return None
            try:
                return decode_message(self.socket.recv())
            except DecodeError:
                self.errors += 1

    def __iter__(self):
        while True:
            yield self.recv()

    def close(self):
        self.socket.close(linger=0)


from .repair import RepairingSubscriber, RequestClient, RequestError  # noqa: E402  (repair builds on Subscriber)
