#!/usr/bin/env python3
"""A tiny stand-in for the two comment APIs examples/ci/post-comment.sh uses
(GitLab merge-request notes, GitHub issue comments), for tests/e2e/ci_comment.sh.

    comment_api_stub.py PORT_FILE FILLER

Listens on 127.0.0.1 (a free port, written to PORT_FILE), paginates lists
100 per page like both forges, needs the token header, and starts each thread
with FILLER unrelated comments plus a reply quoting an alignctl comment.
GET /_state returns every thread and the log of writes.
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "stub-token"
MARKER = "<!-- alignctl-plan -->"
threads = {"gitlab": [], "github": []}
writes = []
next_id = [1000]

GITLAB_LIST = re.compile(r"^/api/v4/projects/7/merge_requests/3/notes$")
GITLAB_ONE = re.compile(r"^/api/v4/projects/7/merge_requests/3/notes/(\d+)$")
GITHUB_LIST = re.compile(r"^/repos/acme/access/issues/3/comments$")
GITHUB_ONE = re.compile(r"^/repos/acme/access/issues/comments/(\d+)$")


def seed(filler):
    for forge in threads:
        for i in range(filler):
            threads[forge].append({"id": i + 1, "body": f"looks good {i}"})
        threads[forge].append({"id": filler + 1, "body": f"> {MARKER}\n> quoted by a reviewer"})


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, doc):
        data = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route(self):
        url = urlparse(self.path)
        for forge, lst, one in (("gitlab", GITLAB_LIST, GITLAB_ONE),
                                ("github", GITHUB_LIST, GITHUB_ONE)):
            if lst.match(url.path):
                return forge, None, parse_qs(url.query)
            m = one.match(url.path)
            if m:
                return forge, int(m.group(1)), parse_qs(url.query)
        return None, None, None

    def authorised(self, forge):
        if forge == "gitlab":
            return self.headers.get("PRIVATE-TOKEN") == TOKEN
        return self.headers.get("Authorization") == "Bearer " + TOKEN

    def handle_any(self, method):
        if method == "GET" and self.path == "/_state":
            return self.reply(200, {"threads": threads, "writes": writes})
        forge, cid, query = self.route()
        if forge is None:
            return self.reply(404, {"message": "not found"})
        if not self.authorised(forge):
            return self.reply(401, {"message": "unauthorised"})
        body = None
        if method in ("POST", "PUT", "PATCH"):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.loads(raw)["body"]
        thread = threads[forge]
        if method == "GET" and cid is None:
            page = int(query.get("page", ["1"])[0])
            return self.reply(200, thread[(page - 1) * 100:page * 100])
        if method == "POST" and cid is None:
            next_id[0] += 1
            note = {"id": next_id[0], "body": body}
            thread.append(note)
            writes.append({"forge": forge, "method": method, "id": note["id"]})
            return self.reply(201, note)
        update = {"gitlab": "PUT", "github": "PATCH"}[forge]
        if method == update and cid is not None:
            for note in thread:
                if note["id"] == cid:
                    note["body"] = body
                    writes.append({"forge": forge, "method": method, "id": cid})
                    return self.reply(200, note)
            return self.reply(404, {"message": "no such comment"})
        return self.reply(405, {"message": "method not allowed"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")


def main():
    port_file, filler = sys.argv[1], int(sys.argv[2])
    seed(filler)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
