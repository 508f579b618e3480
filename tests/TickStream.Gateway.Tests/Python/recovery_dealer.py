#!/usr/bin/env python3
"""A RETRANSMIT client written from docs/RECOVERY.md alone: a pyzmq DEALER that asks for a range, grants credit
ahead as the document allows, and prints each retransmitted message (hex) and the final status as JSON lines."""
import argparse
import json
import sys

import zmq


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--credit", type=int, default=4, help="messages granted ahead after the first")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("request", nargs="+", help="stream session from to [prefix...]")
    args = parser.parse_args()

    context = zmq.Context()
    dealer = context.socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.setsockopt(zmq.RCVTIMEO, int(args.seconds * 1000))
    dealer.connect(args.connect)

    # Section 3: one text frame. The request itself grants one credit: the first reply message.
    dealer.send_string("RETRANSMIT " + " ".join(args.request))
    granted = 1
    received = 0
    while True:
        try:
            parts = dealer.recv_multipart()
        except zmq.Again:
            print(json.dumps({"status": None, "error": "timeout"}))
            return 2
        received += 1
        status = parts[-1].decode("utf-8")
        for part in parts[:-1]:
            bar = part.index(b"|")
            stream_seq = int.from_bytes(part[bar + 1 + 8:bar + 1 + 16], "little")
            print(json.dumps({"topic": part[:bar + 1].decode("ascii"), "streamSeq": stream_seq, "hex": part.hex()}))
        if status != "MORE":
            print(json.dumps({"status": status, "messages": received}))
            dealer.close()
            context.term()
            return 0 if status.startswith("END") else 1
        # Section 2: each message costs one credit; keep some granted ahead, never above the server's cap.
        if granted - received <= 0:
            dealer.send_string(f"CREDIT {args.credit}")
            granted += args.credit


if __name__ == "__main__":
    sys.exit(main())
