"""The suite proves that no test can reach the internet."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_network_is_blocked_outside_loopback() -> None:
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("93.184.216.34", 80), timeout=2)
