"""Subscribe to a CURVE-secured TickStream gateway (docs/SECURITY.md) and print decoded frames as JSON lines.

    python3 gateway_curve.py --connect tcp://gw:6000 --server-key server.key --count 10 AAPL

--server-key is the gateway's public certificate file as `tickstream keygen` writes it (ZeroMQ zcert format:
`public-key = "..."` in a `curve` section). The client key pair is made up for the connection: without a ZAP
handler the gateway does not check client keys, it only encrypts and authenticates itself.
"""

import argparse
import json
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickstream import Subscriber  # noqa: E402


def read_public_key(path):
    """The Z85 public key of a ZeroMQ certificate file (public or secret)."""
    with open(path, encoding="ascii") as file:
        for line in file:
            name, _, value = line.strip().partition("=")
            if name.strip() == "public-key":
                key = value.strip().strip('"')
                if len(key) != 40:
                    raise ValueError(f"{path}: public-key must be 40 Z85 characters")
                return key
    raise ValueError(f"{path}: no public-key in a curve section")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connect", default="tcp://127.0.0.1:6000", help="the gateway's publish endpoint")
    parser.add_argument("--server-key", required=True, help="the gateway's public certificate file")
    parser.add_argument("--count", type=int, default=0, help="stop after this many frames (0: never)")
    parser.add_argument("--seconds", type=float, default=0, help="stop when nothing arrives for this long (0: wait forever)")
    parser.add_argument("symbols", nargs="*", help="symbols (default: all)")
    args = parser.parse_args(argv)
    public, secret = zmq.curve_keypair()
    server = read_public_key(args.server_key).encode("ascii")
    subscriber = Subscriber(args.connect, symbols=args.symbols or None, curve=(server, public, secret))
    received = 0
    deadline_ms = int(args.seconds * 1000) if args.seconds else None
    try:
        while not args.count or received < args.count:
            message = subscriber.recv(timeout_ms=deadline_ms)
            if message is None:
                break
            print(json.dumps(message), flush=True)
            received += 1
    finally:
        subscriber.close()
    return 0 if received > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
