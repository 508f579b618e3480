"""python3 -m tickstream --connect tcp://127.0.0.1:5555 [--req tcp://127.0.0.1:5556] AAPL MSFT: one JSON object per
frame on stdout; with --req, gaps are repaired by retransmission (docs/RECOVERY.md) and frames come in sequence order."""

import argparse
import json
import sys
import time

from . import RepairingSubscriber, Subscriber


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m tickstream", description=__doc__)
    parser.add_argument("symbols", nargs="*", help="symbols to take (default: all)")
    parser.add_argument("--connect", action="append", default=[], help="endpoint, repeatable")
    parser.add_argument("--count", type=int, default=0, help="stop after this many frames (0: never)")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: never)")
    parser.add_argument("--classes", default="TQBI", help="topic classes: T trades, Q quotes, B books, I instruments")
    parser.add_argument("--req", help="the publisher's request endpoint: repair gaps by RETRANSMIT")
    parser.add_argument("--req-server-key", help="with --req: the request service's CurveZMQ public key (Z85)")
    parser.add_argument("--req-timeout", type=int, default=2000, help="ms to wait for each reply message of a repair")
    args = parser.parse_args(argv)
    if not args.connect:
        parser.error("--connect ENDPOINT is required")
    if args.req_server_key and not args.req:
        parser.error("--req-server-key needs --req")
    if args.req:
        sub = RepairingSubscriber(args.connect, args.req, args.symbols, tuple(args.classes),
                                  server_key=args.req_server_key, timeout_ms=args.req_timeout)
    else:
        sub = Subscriber(args.connect, args.symbols, tuple(args.classes))
    deadline = time.monotonic() + args.seconds if args.seconds else None
    seen = 0
    try:
        while args.count == 0 or seen < args.count:
            wait = 200 if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))
            if deadline is not None and wait == 0:
                break
            msg = sub.recv(timeout_ms=min(wait, 200))
            if msg is None:
                continue
            print(json.dumps(msg), flush=True)
            seen += 1
    except KeyboardInterrupt:
        pass
    finally:
        sub.close()
    print(f"frames: {seen}, undecodable: {sub.errors}", file=sys.stderr)
    if args.req:
        c = sub.counters
        print(f"repair: gaps repaired {c['gaps_repaired']} ({c['frames_repaired']} frames), gaps lost {c['gaps_lost']} "
              f"({c['frames_lost']} frames), requests {c['repair_requests']} ({c['repair_failures']} failed), "
              f"duplicates {c['duplicates']}, restarts {c['restarts']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
