"""What the tests that start a real server share: a free port, waiting for it to listen, the machine's Redis."""

import socket
import time

import pytest

MACHINE_REDIS = ("127.0.0.1", 6379)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int, seconds: float = 10) -> bool:
    """Whether something accepts connections on the local port within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def require_machine_redis():
    """Skip the test when the machine's Redis (127.0.0.1:6379, in every session and in CI) does not answer."""
    try:
        socket.create_connection(MACHINE_REDIS, timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
