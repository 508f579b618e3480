"""Count what a subscriber of everything receives, by topic class, until the stream has been idle a while.

    python3 count_frames.py --connect tcp://127.0.0.1:5557 --idle 3

Connect it before the publisher starts to check that a finite stream (a CSV, an ITCH file, a replay) reached it
whole (docs/RELIABILITY.md, "Edges of a stream"). Idleness is counted in 100 ms polls rather than by the clock, so
that stopping this process (SIGSTOP, SIGCONT) is not taken for the end of the stream. Prints one line:
the count per topic class (T, Q, B, I, H, S) and the total.
"""

import argparse
import sys

import zmq


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connect", required=True, help="the publisher's endpoint")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds without a message that end the count")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the first message at most")
    args = parser.parse_args()

    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.RCVHWM, 0)  # queue without limit here: the count measures the publisher
    socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(args.connect)

    counts = {}
    empty_polls = 0
    started = False
    while empty_polls < (args.idle if started else args.wait) * 10:
        if not socket.poll(100):
            empty_polls += 1
            continue
        started = True
        empty_polls = 0
        while True:
            try:
                message = socket.recv(zmq.NOBLOCK)
            except zmq.Again:
                break
            kind = chr(message[0])
            counts[kind] = counts.get(kind, 0) + 1
    socket.close(linger=0)
    context.term()
    listed = " ".join(f"{kind}={count}" for kind, count in sorted(counts.items()))
    print(f"{listed} total={sum(counts.values())}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
