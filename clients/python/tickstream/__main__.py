"""python3 -m tickstream --connect tcp://127.0.0.1:5555 [--req tcp://127.0.0.1:5556] AAPL MSFT: one JSON object per
frame on stdout (the line format of docs/CLIENT.md, shared with `tickstream watch --raw --format json`); with --req,
gaps are repaired by retransmission (docs/RECOVERY.md) and frames come in sequence order; with --server-key, through
a CurveZMQ gateway; with --credential, logged in to the gateway's entitlements (docs/SECURITY.md).

Exit codes: 0 frames of every symbol asked for arrived (of any, when none was named), or the output was closed;
1 nothing arrived for a symbol asked for, or the gateway refused the login or a symbol; 2 bad arguments."""

import argparse
import json
import re
import sys
import time

import zmq

from . import RepairingSubscriber, Subscriber
from .repair import RequestError
from .session import SessionSubscriber, read_server_key

TICKS = ("Trade", "Quote", "BookUpdate")


def duration(text):
    """The one duration syntax of the tickstream verbs: 30s, 500ms, 2m, 1h, a number of seconds, or 00:00:30."""
    match = re.fullmatch(r"\s*(-?[0-9.]+)\s*(ms|s|m|h)?\s*", text)
    if match:
        seconds = float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]
    elif re.fullmatch(r"\s*-?\d+:\d{1,2}:\d{1,2}(\.\d+)?\s*", text):
        sign = -1 if text.strip().startswith("-") else 1
        h, m, s = text.strip().lstrip("-").split(":")
        seconds = sign * (int(h) * 3600 + int(m) * 60 + float(s))
    else:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration: use e.g. 30s, 500ms, 2m, 1h or 00:00:30")
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is negative: a duration is 0 or more")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m tickstream", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("symbols", nargs="*", help="symbols to take (default: all)")
    parser.add_argument("--connect", action="append", default=[], help="endpoint, repeatable")
    parser.add_argument("--count", type=int, default=0, help="stop after this many frames, heartbeats included (0: never)")
    parser.add_argument("--duration", "--seconds", type=duration, default=0, help="stop after this long: 30s, 500ms, 2m, 00:00:30 (0: never)")
    parser.add_argument("--classes", default="TQBI", help="topic classes: T trades, Q quotes, B books, I instruments")
    parser.add_argument("--req", help="the publisher's request endpoint: repair gaps by RETRANSMIT; with --credential, the session's")
    parser.add_argument("--req-server-key", help="with --req: the request service's CurveZMQ public key (Z85)")
    parser.add_argument("--req-timeout", type=int, default=2000, help="ms to wait for each reply message of a repair")
    parser.add_argument("--server-key", help="the gateway's CurveZMQ public key: its certificate file or 40 Z85 characters")
    parser.add_argument("--credential", help="log in on --req with this credential and stream the symbols from there")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 (no limit) or more")
    server_key = None
    if args.server_key:
        try:
            server_key = read_server_key(args.server_key)
        except ValueError as e:
            parser.error(str(e))
    if args.credential and not (args.req and server_key and args.symbols):
        parser.error("--credential needs --req, --server-key and the symbols by name")
    if not args.connect and not args.credential:
        parser.error("--connect ENDPOINT is required")
    if args.req_server_key and not args.req:
        parser.error("--req-server-key needs --req")
    try:
        if args.credential:
            sub = SessionSubscriber(args.req, args.credential, args.symbols, server_key)
        elif args.req:
            sub = RepairingSubscriber(args.connect, args.req, args.symbols, tuple(args.classes),
                                      server_key=args.req_server_key or server_key, timeout_ms=args.req_timeout)
        else:
            curve = None
            if server_key:
                public, secret = zmq.curve_keypair()
                curve = (server_key.encode("ascii"), public, secret)
            sub = Subscriber(args.connect, args.symbols, tuple(args.classes), curve=curve)
    except RequestError as e:
        print(f"tickstream: the gateway at {args.req} refused the session: {e}", file=sys.stderr)
        return 1
    except zmq.ZMQError as e:
        print(f"tickstream: {e}", file=sys.stderr)
        return 2
    deadline = time.monotonic() + args.duration if args.duration else None
    seen = 0
    symbols = set()
    closed = False
    try:
        while args.count == 0 or seen < args.count:
            wait = 200 if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))
            if deadline is not None and wait == 0:
                break
            msg = sub.recv(timeout_ms=min(wait, 200))
            if msg is None:
                continue
            if msg["type"] in TICKS:
                msg["receiveTime"] = time.time_ns()
                msg["latencyNs"] = msg["receiveTime"] - msg["ingestTime"] if msg["ingestTime"] else 0
            try:
                print(json.dumps(msg), flush=True)
            except BrokenPipeError:
                closed = True  # the reader went away (| head): the job is done
                break
            seen += 1
            if msg.get("symbol"):
                symbols.add(msg["symbol"])
    except KeyboardInterrupt:
        pass
    finally:
        sub.close()
    if closed:
        # Python would complain again when it flushes the closed stdout at exit.
        sys.stdout = None
        return 0
    print(f"frames: {seen}, undecodable: {sub.errors}", file=sys.stderr)
    if args.req and not args.credential:
        c = sub.counters
        print(f"repair: gaps repaired {c['gaps_repaired']} ({c['frames_repaired']} frames), gaps lost {c['gaps_lost']} "
              f"({c['frames_lost']} frames), requests {c['repair_requests']} ({c['repair_failures']} failed), "
              f"duplicates {c['duplicates']}, restarts {c['restarts']}", file=sys.stderr)
    missing = [s for s in args.symbols if s not in symbols]
    if missing or not symbols:
        what = ", ".join(missing) if missing else "any symbol"
        print(f"tickstream: nothing received for {what}: an unknown symbol, nothing publishing there, "
              "or a CurveZMQ gateway without --server-key", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
