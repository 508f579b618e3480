#!/usr/bin/env python3
"""Sends requests to a request service and never reads the replies: the client the memory measurement plays.

--connections 1 puts every request on one DEALER (all but the first are answered ERROR busy); N > 1 opens one
DEALER per request, so every request that the caps allow opens a transfer of its own."""
import argparse
import time

import zmq


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--hold", type=float, default=10, help="seconds to keep the sockets open, unread")
    parser.add_argument("request")
    args = parser.parse_args()
    context = zmq.Context()
    sockets = []
    for i in range(args.count):
        if i < args.connections:
            socket = context.socket(zmq.DEALER)
            socket.setsockopt(zmq.LINGER, 0)
            socket.setsockopt(zmq.RCVBUF, 64 * 1024)
            socket.connect(args.connect)
            sockets.append(socket)
        sockets[i % len(sockets)].send_string(args.request)
    time.sleep(args.hold)
    for socket in sockets:
        socket.close()
    context.term()


if __name__ == "__main__":
    main()
