"""Serve the built book on loopback: ``python -m hengyang.serve --port 8000 _build/html``."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys


def main(argv: list[str]) -> int:
    """Command line: ``python -m hengyang.serve [--port N] [--check] DIRECTORY`` serves the built
    book on 127.0.0.1 until Ctrl-C, or with ``--check`` only checks that the port is free.

    Parameters
    ----------
    argv: the arguments (without the program's name).

    Returns
    -------
    The exit status: 1 when the port cannot be bound (a line on stderr suggests the next
    one), 0 otherwise.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--check", action="store_true", help="only check that the port is free")
    parser.add_argument("directory")
    args = parser.parse_args(argv)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.directory)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        print(
            f"cannot serve on 127.0.0.1:{args.port} ({exc.strerror}): choose another port, "
            f"e.g. make serve PORT={args.port + 1}",
            file=sys.stderr,
        )
        return 1
    if args.check:
        server.server_close()
        return 0
    print(f"serving {args.directory} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
