"""Gap repair by retransmission, written from docs/RECOVERY.md and docs/WIRE.md alone.

A subscriber follows symbolSeq per (stream, symbol, class). A jump from symbolSeq a to b means a+1 .. b-1 were
lost; they lie between the streamSeq p of the key's last frame and the streamSeq c of the frame that revealed the
gap, so the client asks the publisher's request service (a ROUTER: the gateway's or feed handler's --req)

    RETRANSMIT <streamId> <sessionId|*> <p+1> <c-1> <topic prefix of the key>

and reads the reply as a transfer under credit: every reply message ends with a status frame, MORE (more follows
as credit allows: grant it with CREDIT <n>), END (complete) or ERROR <why> (no data; for example `ERROR
unavailable: ...` when the server no longer holds the range). What is still missing after END is lost.
"""

import zmq

from . import Subscriber
from .wire import DecodeError, decode, split

TICKS = ("Trade", "Quote", "BookUpdate")
CLASS_OF = {"Trade": "T", "Quote": "Q", "BookUpdate": "B"}


class RequestError(Exception):
    """A request got ERROR, or no reply in time."""


class RequestClient:
    """A DEALER on a request service: one request at a time, replies read as transfers, credit granted ahead.

    A request that gets no message in time closes the socket and opens a new one (the ZeroMQ guide's Lazy Pirate),
    so a late reply is never taken for the next request's; the server closes the abandoned transfer itself.
    """

    def __init__(self, endpoint, server_key=None, timeout_ms=2000, credit_ahead=4, context=None):
        self.endpoint = endpoint
        self.server_key = server_key
        self.timeout_ms = timeout_ms
        self.credit_ahead = credit_ahead
        self.context = context or zmq.Context.instance()
        self.sockets_replaced = 0
        self.socket = self._open()

    def _open(self):
        socket = self.context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        if self.server_key:
            public, secret = zmq.curve_keypair()
            socket.curve_serverkey = self.server_key.encode("ascii") if isinstance(self.server_key, str) else self.server_key
            socket.curve_publickey = public
            socket.curve_secretkey = secret
        socket.connect(self.endpoint)
        return socket

    def _replace(self):
        self.socket.close(linger=0)
        self.socket = self._open()
        self.sockets_replaced += 1

    def transfer(self, command, on_frame=None):
        """Sends one request; hands each data frame to on_frame (False from it cancels); returns the status frame.

        The first reply message costs the request's own credit; after the first MORE this grants credit_ahead
        messages, then one per message read, so the server never has more than credit_ahead queued for us.
        """
        self.socket.send(command.encode("utf-8"))
        messages = 0
        cancelled = False
        while True:
            if not self.socket.poll(self.timeout_ms):
                self._replace()
                raise RequestError(f"no reply to {command!r} within {self.timeout_ms} ms (after {messages} messages)")
            frames = self.socket.recv_multipart()
            messages += 1
            status = frames[-1].decode("utf-8", "replace") if frames else ""
            more = status == "MORE"
            if not (more or status.startswith("END") or status.startswith("ERROR")):
                self._replace()
                raise RequestError(f"a reply to {command!r} did not end with END, MORE or ERROR")
            for frame in frames[:-1]:
                if cancelled:
                    break
                if on_frame is not None and on_frame(frame) is False:
                    cancelled = True
                    if more:
                        self.socket.send(b"CANCEL")
            if not more:
                return status
            if not cancelled:
                self.socket.send(f"CREDIT {self.credit_ahead if messages == 1 else 1}".encode("ascii"))

    def request(self, command):
        """Sends one request and returns the data frames of every reply message; raises RequestError on ERROR."""
        frames = []
        status = self.transfer(command, frames.append)
        if status.startswith("ERROR"):
            raise RequestError(status)
        return frames

    def close(self):
        self.socket.close(linger=0)


class RepairingSubscriber:
    """A Subscriber that checks sequences and repairs gaps by RETRANSMIT, yielding frames in sequence order.

    recv() returns decoded dicts like Subscriber.recv(); a retransmitted one has "repaired": True. While a repair
    is asked for, live frames wait in ZeroMQ's receive queue (bounded by its high-water mark) and are taken after
    the retransmitted ones. Counters: gaps (seen), gaps_repaired, frames_repaired, gaps_lost, frames_lost,
    duplicates, restarts, repair_requests, repair_failures.
    """

    def __init__(self, endpoints, request_endpoint, symbols=None, classes=("T", "Q", "B", "I"), context=None,
                 curve=None, server_key=None, timeout_ms=2000):
        self.subscriber = Subscriber(endpoints, symbols, classes, context=context, curve=curve)
        self.requests = RequestClient(request_endpoint, server_key, timeout_ms, context=context)
        self.keys = {}        # (stream, class, symbol) -> [last symbolSeq, last streamSeq]
        self.sessions = {}    # stream -> sessionId of its last StreamStart
        self.ready = []       # frames to hand out before the next live one
        self.counters = dict.fromkeys(("gaps", "gaps_repaired", "frames_repaired", "gaps_lost", "frames_lost",
                                       "duplicates", "restarts", "repair_requests", "repair_failures"), 0)
        self.lost = []        # (stream, symbol, class, first, last) of every run still missing

    @property
    def errors(self):
        return self.subscriber.errors

    def recv(self, timeout_ms=None):
        """The next frame in sequence order, or None after timeout_ms with nothing to hand out."""
        while True:
            if self.ready:
                return self.ready.pop(0)
            msg = self.subscriber.recv(timeout_ms)
            if msg is None:
                return None
            if msg["type"] == "StreamStart":
                self._on_stream_start(msg)
                return msg
            if msg["type"] not in TICKS:
                return msg
            if self._track(msg):
                return self.ready.pop(0)

    def __iter__(self):
        while True:
            yield self.recv()

    def _on_stream_start(self, msg):
        stream, session = msg["streamId"], msg["sessionId"]
        known = self.sessions.get(stream)
        self.sessions[stream] = session
        if known is not None and known != session:
            # A new session: sequences restart at 1, so every key of the stream expects 1 from streamSeq 1.
            self.counters["restarts"] += 1
            for key, state in self.keys.items():
                if key[0] == stream:
                    state[0] = state[1] = 0

    def _track(self, msg):
        """Tracks one live tick; queues it (after any repaired frames) and returns True, or False for a duplicate."""
        key = (msg["streamId"], CLASS_OF[msg["type"]], msg["symbol"])
        seq, stream_seq = msg["symbolSeq"], msg["streamSeq"]
        state = self.keys.get(key)
        if state is None:
            self.keys[key] = [seq, stream_seq]   # the first frame of a key is its baseline
            self.ready.append(msg)
            return True
        if seq <= state[0]:
            self.counters["duplicates"] += 1
            return False
        if seq > state[0] + 1:
            self.counters["gaps"] += 1
            self._repair(key, state[0] + 1, seq - 1, state[1] + 1, stream_seq - 1)
        state[0], state[1] = seq, stream_seq
        self.ready.append(msg)
        return True

    def _repair(self, key, first, last, from_seq, to_seq):
        stream, cls, symbol = key
        session = self.sessions.get(stream, "*")
        prefix = f"{cls}.{symbol}|"
        filled = first - 1
        holes = []
        repaired = []

        def take(message):
            nonlocal filled
            try:
                topic, body = split(message)
                frame = decode(body)
            except DecodeError:
                return True
            if topic != prefix or frame.get("streamId") != stream:
                return True
            s = frame["symbolSeq"]
            if s < first or s > last or s <= filled:
                return True      # outside the gap or already had: dropped
            if s > filled + 1:
                holes.append((filled + 1, s - 1))
            filled = s
            frame["topic"] = topic
            frame["repaired"] = True
            repaired.append(frame)
            return True

        self.counters["repair_requests"] += 1
        status = "ERROR"
        if from_seq <= to_seq:
            # A reply that is late once is usually only slow (a loaded server, a large reply): ask again on a
            # fresh socket, up to three times, as the C# client does; frames already taken are dropped by take().
            for attempt in range(1, 4):
                try:
                    status = self.requests.transfer(f"RETRANSMIT {stream} {session} {from_seq} {to_seq} {prefix}", take)
                    break
                except RequestError as error:
                    status = f"ERROR {error}"
        if status.startswith("ERROR"):
            self.counters["repair_failures"] += 1
        if filled < last:
            holes.append((filled + 1, last))
        self.ready.extend(repaired)
        self.counters["frames_repaired"] += len(repaired)
        if not holes:
            self.counters["gaps_repaired"] += 1
        for a, b in holes:
            self.counters["gaps_lost"] += 1
            self.counters["frames_lost"] += b - a + 1
            self.lost.append((stream, symbol, cls, a, b))

    def close(self):
        self.subscriber.close()
        self.requests.close()

