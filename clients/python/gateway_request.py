"""Ask a TickStream gateway's request service for snapshots, instruments or a replay (docs/GATEWAY.md).

    python3 gateway_request.py --connect tcp://127.0.0.1:5556 SNAPSHOT AAPL MSFT
    python3 gateway_request.py --connect tcp://gw:5556 --server-key server.key LIST

A plain REQ socket: one request frame, then one reply whose last frame is END (or ERROR ...). A long reply is a
transfer (docs/RECOVERY.md section 2): each part ends with MORE, and the client asks for the next with CREDIT 1
(one request, one reply, as REQ requires). Each data frame is a topic and an SBE frame like the live stream,
printed as one JSON line.
"""

import argparse
import json
import os
import sys

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickstream import DecodeError, decode, split  # noqa: E402
from gateway_curve import read_public_key  # noqa: E402


def request(endpoint, command, server_key=None, timeout_ms=5000, context=None):
    """Sends one request and returns (the data frames of every reply message, the final status frame as text)."""
    context = context or zmq.Context.instance()
    socket = context.socket(zmq.REQ)
    try:
        if server_key:
            public, secret = zmq.curve_keypair()
            socket.curve_serverkey = server_key.encode("ascii")
            socket.curve_publickey = public
            socket.curve_secretkey = secret
        socket.connect(endpoint)
        socket.send(command.encode("utf-8"))
        data = []
        while True:
            if not socket.poll(timeout_ms):
                raise TimeoutError(f"no reply to {command!r} within {timeout_ms} ms")
            frames = socket.recv_multipart()
            data += frames[:-1]
            status = frames[-1].decode("utf-8", "replace")
            if status != "MORE":
                return data, status
            socket.send(b"CREDIT 1")
    finally:
        socket.close(linger=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connect", default="tcp://127.0.0.1:5556", help="the gateway's request endpoint")
    parser.add_argument("--server-key", help="the gateway's public certificate file when it serves CURVE")
    parser.add_argument("--timeout", type=int, default=5000, help="ms to wait for the reply")
    parser.add_argument("words", nargs="+", help="the request, e.g. SNAPSHOT AAPL")
    args = parser.parse_args(argv)
    server_key = read_public_key(args.server_key) if args.server_key else None
    frames, last = request(args.connect, " ".join(args.words), server_key, args.timeout)
    for frame in frames:
        try:
            topic, body = split(frame)
            message = decode(body)
            message["topic"] = topic
            print(json.dumps(message))
        except DecodeError:
            print(json.dumps({"text": frame.decode("utf-8", "replace")}))
    print(json.dumps({"end": last}))
    return 0 if last.startswith("END") else 1


if __name__ == "__main__":
    sys.exit(main())
