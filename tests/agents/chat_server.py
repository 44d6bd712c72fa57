"""A tiny OpenAI-compatible chat server for tests: scripted replies, every request logged.

    python chat_server.py SCRIPT.json LOG.jsonl PORT_FILE

SCRIPT is a list of replies served in order (the last one repeats): `{"status": 200,
"delay": 0.0, "body": {...}}`. Each request body is appended to LOG as one JSON line. The
port chosen by the OS is written to PORT_FILE once the server listens on 127.0.0.1.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = json.loads(Path(sys.argv[1]).read_text())
LOG = Path(sys.argv[2])
served = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        with LOG.open("a") as log:
            log.write(json.dumps({"path": self.path, "body": request}) + "\n")
        reply = SCRIPT[min(served["n"], len(SCRIPT) - 1)]
        served["n"] += 1
        time.sleep(reply.get("delay", 0.0))
        data = json.dumps(reply.get("body", {})).encode()
        self.send_response(reply.get("status", 200))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
Path(sys.argv[3]).write_text(str(server.server_address[1]))
server.serve_forever()
