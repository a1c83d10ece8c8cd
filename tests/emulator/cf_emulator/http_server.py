# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP server: reads each request (HTTP/1.1 keep-alive, chunked bodies), hands it to the Emulator's
control or API side, and sends the Reply (no body for HEAD; a dropped connection for a drop fault)."""

from __future__ import annotations

import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .control import CONTROL_PREFIX
from .replies import REASONS


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that is quiet about clients going away; ``emulator`` serves the requests."""

    daemon_threads = True
    request_queue_size = 128
    emulator = None

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Server6(Server):
    """The server on an IPv6 address."""

    address_family = socket.AF_INET6


class Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into Emulator calls."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "cloudflare-emulator"

    def version_string(self):
        """The Server header value."""
        return self.server_version

    def do_GET(self):
        """Dispatch GET."""
        self._dispatch()

    def do_POST(self):
        """Dispatch POST."""
        self._dispatch()

    def do_PUT(self):
        """Dispatch PUT."""
        self._dispatch()

    def do_PATCH(self):
        """Dispatch PATCH."""
        self._dispatch()

    def do_DELETE(self):
        """Dispatch DELETE."""
        self._dispatch()

    def do_HEAD(self):
        """Dispatch HEAD (the body is not sent)."""
        self._dispatch()

    def do_OPTIONS(self):
        """Dispatch OPTIONS."""
        self._dispatch()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin,unused-argument
        """Keep stderr quiet (and never log headers)."""

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self):
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        body = self._read_body()
        emulator = self.server.emulator
        if split.path == CONTROL_PREFIX or split.path.startswith(CONTROL_PREFIX + "/"):
            reply = emulator.handle_control(self.command, split.path, body)
        else:
            reply = emulator.handle_api(self.command, split.path, query, body, self.headers)
        self._send(reply)

    def _send(self, reply):
        if reply.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            self.send_response(reply.status, REASONS.get(reply.status))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.status != 204:  # a 204 has no body, and no Content-Length (RFC 9110)
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
