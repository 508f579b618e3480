#!/usr/bin/env python3
"""A repairing subscriber of one topic, written from docs/RECOVERY.md and docs/WIRE.md alone (pyzmq, no TickStream code).

It follows one key (a topic such as Q.AAPL|) by its symbolSeq, stops reading for --pause seconds after --pause-after
frames (so that the publisher drops for it at its high-water mark), and repairs every gap with RETRANSMIT over a
DEALER, granting credit after each MORE. When nothing has arrived for --idle seconds it prints one JSON line: the
symbolSeqs it delivered in order, and its gaps, frames repaired, frames lost, requests and reply messages.
Lines before it: "subscribed", "paused", "resumed".

A gap shows only when a later frame of the key arrives, so frames dropped at the very end of a stream (a lost tail)
would go unseen: after a second of silence the client asks for whatever the stream has after its last frame
(RETRANSMIT from its last streamSeq + 1), once per silence.
"""

import argparse
import json
import struct
import sys
import time

import zmq

HEADER = 8                          # SBE message header: blockLength, templateId, schemaId, version
SEQS = struct.Struct("<QQ")         # streamSeq, symbolSeq: the first fields of Trade, Quote and BookUpdate
STREAM_ID = struct.Struct("<H")     # streamId at block offset 36
SESSION = struct.Struct("<Q")       # StreamStart: sessionId at block offset 0, streamId at 16


def split(message):
    bar = message.find(b"|", 0, 19)
    return (message[:bar + 1], message[bar + 1:]) if bar > 0 else (None, None)


class Repairer:
    def __init__(self, context, endpoint, timeout_ms):
        self.context, self.endpoint, self.timeout_ms = context, endpoint, timeout_ms
        self.socket = None
        self.requests = self.messages = self.failures = 0
        self._open()

    def _open(self):
        if self.socket is not None:
            self.socket.close(linger=0)      # Lazy Pirate: a late reply is never read as the next request's
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(self.endpoint)

    def retransmit(self, stream, session, first, last, prefix):
        """The frames of streamSeq first..last under prefix, as the server sent them, and the final status."""
        self.requests += 1
        self.socket.send(f"RETRANSMIT {stream} {session} {first} {last} {prefix}".encode())
        frames = []
        while True:
            if not self.socket.poll(self.timeout_ms):
                self.failures += 1
                self._open()
                return frames, "TIMEOUT"
            parts = self.socket.recv_multipart()
            self.messages += 1
            status = parts[-1].decode("utf-8", "replace")
            frames.extend(parts[:-1])
            if status == "MORE":
                self.socket.send(b"CREDIT 1")  # one more message; the request itself granted the first
                continue
            if status.startswith("ERROR"):
                self.failures += 1
            return frames, status


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sub", required=True)
    parser.add_argument("--req", required=True)
    parser.add_argument("--topic", default="Q.AAPL|")
    parser.add_argument("--pause-after", type=int, default=0)
    parser.add_argument("--pause", type=float, default=0)
    parser.add_argument("--idle", type=float, default=3)
    parser.add_argument("--deadline", type=float, default=60)
    parser.add_argument("--timeout-ms", type=int, default=10000)
    args = parser.parse_args()
    topic = args.topic.encode()

    context = zmq.Context()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.RCVHWM, 100)
    sub.setsockopt(zmq.RCVBUF, 65536)   # small kernel buffer: a pause overflows the publisher's HWM soon
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, topic)
    sub.setsockopt(zmq.SUBSCRIBE, b"S|")
    sub.connect(args.sub)
    repairer = Repairer(context, args.req, args.timeout_ms)
    print("subscribed", flush=True)

    session = "*"
    last_seq = last_stream_seq = None   # of the key; None until its first frame (the baseline)
    delivered = []
    gaps = repaired = lost = duplicates = 0
    paused = False
    end = time.monotonic() + args.deadline
    last_frame = None
    tail_checked = False
    stream = None
    while time.monotonic() < end:
        if not sub.poll(200):
            silence = time.monotonic() - last_frame if last_frame is not None else 0
            if stream is not None and not tail_checked and silence > 1:
                # The tail: anything of the key after its last frame that the publisher dropped.
                tail_checked = True
                before = len(delivered)
                frames, _ = repairer.retransmit(stream, session, last_stream_seq + 1, last_stream_seq + 10**9, args.topic)
                for old in frames:
                    old_head, old_frame = split(old)
                    if old_head != topic:
                        continue
                    old_stream_seq, old_seq = SEQS.unpack_from(old_frame, HEADER)
                    if old_seq == last_seq + 1:
                        delivered.append(old_seq)
                        repaired += 1
                        last_seq, last_stream_seq = old_seq, old_stream_seq
                gaps += 1 if len(delivered) > before else 0
                continue
            if last_frame is not None and silence > args.idle:
                break
            continue
        message = sub.recv()
        last_frame = time.monotonic()
        tail_checked = False
        head, frame = split(message)
        if head == b"S|":
            new_session = SESSION.unpack_from(frame, HEADER)[0]
            if session != "*" and new_session != session and last_seq is not None:
                last_seq = last_stream_seq = 0     # a new session: expect symbolSeq 1 from streamSeq 1
            session = new_session
            continue
        if head != topic:
            continue
        stream_seq, symbol_seq = SEQS.unpack_from(frame, HEADER)
        stream = STREAM_ID.unpack_from(frame, HEADER + 36)[0]
        if last_seq is not None and symbol_seq <= last_seq:
            duplicates += 1
            continue
        if last_seq is not None and symbol_seq > last_seq + 1:
            gaps += 1
            frames, _ = repairer.retransmit(stream, session, last_stream_seq + 1, stream_seq - 1, args.topic)
            for old in frames:
                old_head, old_frame = split(old)
                if old_head != topic:
                    continue
                old_stream_seq, old_seq = SEQS.unpack_from(old_frame, HEADER)
                if old_seq == last_seq + 1 and old_seq < symbol_seq:
                    delivered.append(old_seq)
                    repaired += 1
                    last_seq, last_stream_seq = old_seq, old_stream_seq
            lost += symbol_seq - last_seq - 1
        delivered.append(symbol_seq)
        last_seq, last_stream_seq = symbol_seq, stream_seq
        if not paused and args.pause > 0 and len(delivered) >= args.pause_after:
            paused = True
            print("paused", flush=True)
            time.sleep(args.pause)          # stop reading: the queues fill and the publisher drops
            print("resumed", flush=True)

    print(json.dumps({"symbolSeqs": delivered, "gaps": gaps, "repaired": repaired, "lost": lost,
                      "duplicates": duplicates, "requests": repairer.requests, "messages": repairer.messages,
                      "failures": repairer.failures}), flush=True)
    sub.close(linger=0)
    repairer.socket.close(linger=0)
    context.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
