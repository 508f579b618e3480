#!/usr/bin/env python3
"""Opens and drops entitled gateway sessions in batches (docs/RELIABILITY.md, "Sessions end with their connection"):
each session is a pyzmq DEALER over CURVE that sends LOGIN, SUBSCRIBE of the given symbols, takes a few stream
frames, and closes. After each batch it waits until the gateway's sessions gauge (/metrics) is back to zero and
prints the gateway's RSS from /proc as a JSON line."""
import argparse
import json
import sys
import time
import urllib.request

import zmq


def rss_mib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def open_sessions(metrics):
    with urllib.request.urlopen(metrics, timeout=10) as response:
        for line in response.read().decode("utf-8").splitlines():
            if line.startswith("tickstream_gateway_sessions{") or line.startswith("tickstream_gateway_sessions "):
                return float(line.split()[-1])
    raise SystemExit("the gateway's /metrics has no tickstream_gateway_sessions")


def is_status(parts):
    return parts[-1].startswith(b"END") or parts[-1].startswith(b"ERROR")


def batch(context, args, count):
    sockets = []
    for _ in range(count):
        socket = context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        public, secret = zmq.curve_keypair()
        socket.curve_publickey, socket.curve_secretkey = public, secret
        socket.curve_serverkey = args.server_key.encode("ascii")
        socket.connect(args.connect)
        socket.send_string("LOGIN " + args.credential)
        sockets.append(socket)
    poller = zmq.Poller()
    for socket in sockets:
        poller.register(socket, zmq.POLLIN)
    # Each session: LOGIN answered, SUBSCRIBE answered, then some stream frames.
    state = {socket: 0 for socket in sockets}
    frames = {socket: 0 for socket in sockets}
    deadline = time.monotonic() + args.seconds
    done = 0
    while done < count and time.monotonic() < deadline:
        for socket, _ in poller.poll(1000):
            parts = socket.recv_multipart()
            if is_status(parts):
                if parts[-1].startswith(b"ERROR"):
                    raise SystemExit(parts[-1].decode("utf-8", "replace"))
                state[socket] += 1
                if state[socket] == 1:
                    socket.send_string("SUBSCRIBE " + " ".join(args.symbols))
            elif state[socket] == 2:
                frames[socket] += 1
                if frames[socket] == args.frames:
                    done += 1
    if done < count:
        states = [state[s] for s in sockets]
        raise SystemExit(f"only {done} of {count} sessions took {args.frames} frames within {args.seconds} s; "
                         f"waiting for LOGIN {states.count(0)}, for SUBSCRIBE {states.count(1)}")
    for socket in sockets:
        socket.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--server-key", required=True, help="the gateway's Z85 public key")
    parser.add_argument("--credential", required=True)
    parser.add_argument("--metrics", required=True, help="the gateway's /metrics URL")
    parser.add_argument("--pid", type=int, required=True, help="the gateway's process id")
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="sessions open at once")
    parser.add_argument("--frames", type=int, default=2, help="stream frames each session takes before it closes")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--label", default="")
    parser.add_argument("symbols", nargs="+")
    args = parser.parse_args()

    context = zmq.Context()
    context.setsockopt(zmq.MAX_SOCKETS, args.batch + 64)
    started = time.monotonic()
    opened = 0
    while opened < args.sessions:
        count = min(args.batch, args.sessions - opened)
        batch(context, args, count)
        opened += count
        deadline = time.monotonic() + args.seconds
        while open_sessions(args.metrics) > 0:
            if time.monotonic() > deadline:
                raise SystemExit("the gateway still holds sessions of closed connections")
            time.sleep(0.05)
        print(json.dumps({"label": args.label, "sessions": opened, "rss_mib": round(rss_mib(args.pid), 1),
                          "seconds": round(time.monotonic() - started, 1)}), flush=True)
    context.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
