"""An entitled session on a gateway (docs/SECURITY.md section 2): LOGIN and SUBSCRIBE on one CURVE request
connection, whose frames then arrive on that same connection as single-part messages (topic, then SBE frame)."""

from . import decode_message
from .repair import RequestClient, RequestError
from .wire import DecodeError


def read_server_key(value):
    """A gateway's Z85 public key from a certificate file (`tickstream keygen`) or from the 40 characters themselves."""
    try:
        with open(value, encoding="ascii") as file:
            for line in file:
                name, _, key = line.strip().partition("=")
                if name.strip() == "public-key":
                    key = key.strip().strip('"')
                    if len(key) == 40:
                        return key
            raise ValueError(f"{value}: no public-key of 40 Z85 characters in a curve section")
    except FileNotFoundError:
        if len(value) == 40:
            return value
        raise ValueError(f"--server-key: {value!r} is neither a certificate file nor a Z85 public key of 40 characters")


class SessionSubscriber:
    """Logs in with a credential, subscribes symbols by name and yields their frames as decoded dicts.

    Raises RequestError when the login or a symbol is refused (the gateway's ERROR text) or nothing answers.
    """

    def __init__(self, request_endpoint, credential, symbols, server_key, timeout_ms=5000, context=None):
        if not symbols:
            raise ValueError("an entitled session subscribes symbols by name: give at least one")
        self.client = RequestClient(request_endpoint, server_key=server_key, timeout_ms=timeout_ms, context=context)
        self.errors = 0
        try:
            self.session = self.client.request("LOGIN " + credential)
            self.client.request("SUBSCRIBE " + " ".join(symbols))
        except RequestError:
            self.client.close()
            raise

    def recv(self, timeout_ms=None):
        """The next decoded frame with its topic, or None after timeout_ms; replies to requests are skipped."""
        socket = self.client.socket
        while True:
            if timeout_ms is not None and not socket.poll(timeout_ms):
                return None
            frames = socket.recv_multipart()
            if len(frames) != 1 or len(frames[0]) < 2 or frames[0][1:2] not in (b".", b"|"):
                continue  # END or ERROR of a request, not a frame of the stream
            try:
                return decode_message(frames[0])
            except DecodeError:
                self.errors += 1

    def close(self):
        self.client.close()
