#!/usr/bin/env python3
"""The takeover of a departed session, with stock pyzmq: client X sets its own routing id (a zero byte, then four
random bytes), logs in over CURVE, subscribes to a symbol, takes some of its stream and closes; client Y connects
under the same routing id, never logs in, and asks for a SNAPSHOT. Prints JSON lines:

    {"phase": "x", "frames": N}               after X closed; then waits for a line on stdin ("go") unless --no-wait
    {"phase": "y-ready"}                      Y connected and sent its request; it listens until a line on stdin
    {"phase": "y", "stream": N, "replies": [...]}   what Y received: stream frames and request replies (last frames)

Y sends its request twice (the second after the stop line). While X's connection is still registered, a ROUTER
leaves a connection with the same routing id unidentified: it may take its first message as its id, or never
identify it, so with --no-wait a request may go unanswered.
"""
import argparse
import json
import os
import select
import sys

import zmq


def dealer(context, routing_id, server_key):
    socket = context.socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.ROUTING_ID, routing_id)
    public, secret = zmq.curve_keypair()
    socket.curve_publickey = public
    socket.curve_secretkey = secret
    socket.curve_serverkey = server_key.encode("ascii")
    return socket


def is_reply(parts):
    last = parts[-1]
    return last.startswith(b"END") or last.startswith(b"ERROR") or last == b"MORE"


def request(socket, text, seconds):
    """Sends a request and returns its reply's frames, skipping stream frames that arrive meanwhile."""
    socket.send_string(text)
    while socket.poll(int(seconds * 1000)):
        parts = socket.recv_multipart()
        if is_reply(parts):
            return [p.decode("utf-8", "replace") for p in parts]
    raise SystemExit(f"no reply to {text.split()[0]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--server-key", required=True, help="the gateway's Z85 public key")
    parser.add_argument("--credential", required=True)
    parser.add_argument("--symbol", default="AAPL")
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-wait", action="store_true", help="connect Y as soon as X has closed")
    args = parser.parse_args()

    context = zmq.Context()
    routing_id = b"\x00" + os.urandom(4)
    x = dealer(context, routing_id, args.server_key)
    x.connect(args.connect)
    if not request(x, "LOGIN " + args.credential, args.seconds)[-1].startswith("END"):
        raise SystemExit("LOGIN refused")
    if request(x, "SUBSCRIBE " + args.symbol, args.seconds)[-1] != "END":
        raise SystemExit("SUBSCRIBE refused")
    frames = 0
    while frames < args.frames and x.poll(int(args.seconds * 1000)):
        if x.recv_multipart()[0].startswith(b"Q." + args.symbol.encode("ascii") + b"|"):
            frames += 1
    x.close()
    print(json.dumps({"phase": "x", "frames": frames}), flush=True)
    if not args.no_wait:
        sys.stdin.readline()

    y = dealer(context, routing_id, args.server_key)
    y.connect(args.connect)
    snapshot = "SNAPSHOT " + args.symbol
    y.send_string(snapshot)
    print(json.dumps({"phase": "y-ready"}), flush=True)
    stream = 0
    replies = []
    poller = zmq.Poller()
    poller.register(y, zmq.POLLIN)
    poller.register(sys.stdin, zmq.POLLIN)
    stopped = False
    while not stopped:
        events = dict(poller.poll(int(args.seconds * 1000)))
        if not events:
            break
        if y in events:
            parts = y.recv_multipart()
            if is_reply(parts):
                replies.append([p.decode("utf-8", "replace") for p in parts])
            else:
                stream += 1
        if sys.stdin.fileno() in events or sys.stdin in events:
            sys.stdin.readline()
            stopped = True

    # After the stop line the gateway has answered whatever it was going to answer within the observer's window.
    y.send_string(snapshot)
    while y.poll(2000 if args.no_wait else int(args.seconds * 1000)):
        parts = y.recv_multipart()
        if is_reply(parts):
            replies.append([p.decode("utf-8", "replace") for p in parts])
            break
        stream += 1
    print(json.dumps({"phase": "y", "stream": stream, "replies": replies}), flush=True)
    y.close()
    context.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
