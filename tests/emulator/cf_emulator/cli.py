# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: print the base URL, serve until SIGTERM or SIGINT, exit 0 (docs/emulator.md, "Command line")."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

from .emulator import DEFAULT_ACCOUNT_ID, DEFAULT_API_TOKEN, Emulator
from .families import RESOURCES, SEED_KEYS
from .rate_limit import DEFAULT_RATE_WINDOW_SECONDS
from .store import ID_FORMATS


class _Shutdown(Exception):
    """Raised by the signal handler to leave the serve loop."""


def _raise_shutdown(signum, _frame):
    raise _Shutdown(signum)


def _load_seed_file(path):
    """{seed key: [items]} from a file holding a list of policies or such an object."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, list):
        data = {"policies": data}
    if not isinstance(data, dict) or not data or set(data) - set(SEED_KEYS):
        raise ValueError('%s must hold a list of policies or {"<resource>": [...], ...} with resources among %s'
                         % (path, ", ".join(SEED_KEYS)))
    return data


def _non_negative(text):
    """An integer >= 0 (argparse type)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError("must be an integer >= 0: %r" % text)
    return int(text)


def build_parser():
    """The command line parser."""
    env = os.environ
    parser = argparse.ArgumentParser(description="Local emulator of the Cloudflare Email Security settings API "
                                                 "(%s)." % ", ".join(name.replace("_", " ") for name in RESOURCES))
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind, 0 picks a free one (default 0)")
    parser.add_argument("--account-id", default=env.get("EMULATOR_ACCOUNT_ID", DEFAULT_ACCOUNT_ID))
    parser.add_argument("--api-token", default=env.get("EMULATOR_API_TOKEN", DEFAULT_API_TOKEN))
    parser.add_argument("--api-email", default=env.get("EMULATOR_API_EMAIL"))
    parser.add_argument("--api-key", default=env.get("EMULATOR_API_KEY"))
    parser.add_argument("--latency-ms", type=float, default=0.0, help="latency added to every API request")
    parser.add_argument("--rate-limit", type=int, default=None, help="API requests allowed per window (default: no limit)")
    parser.add_argument("--rate-window", type=float, default=DEFAULT_RATE_WINDOW_SECONDS, help="rate-limit window in seconds")
    parser.add_argument("--id-format", choices=ID_FORMATS, default="uuid",
                        help="ids of new objects: uuid strings (default) or increasing JSON integers")
    parser.add_argument("--domain-verification-reads", type=_non_negative, default=0, metavar="N",
                        help="verification reads a domain created through the API answers PENDING before it is verified (default 0)")
    parser.add_argument("--seed", default=None, help="JSON file with records to load at start-up (validation bypassed): a list of "
                                                     "policies, or {\"policies\": [...], \"block_senders\": [...], ...}")
    return parser


def main(argv=None):
    """Command line entry point: print the base URL, serve until SIGTERM/SIGINT, return 0."""
    args = build_parser().parse_args(argv)
    if (args.api_email is None) != (args.api_key is None):
        build_parser().error("--api-email and --api-key must be given together")
    emulator = Emulator(account_id=args.account_id, api_token=args.api_token, api_email=args.api_email,
                        api_key=args.api_key, latency_ms=args.latency_ms, rate_limit=args.rate_limit,
                        rate_window_seconds=args.rate_window, host=args.host, port=args.port, id_format=args.id_format,
                        domain_verification_reads=args.domain_verification_reads)
    if args.seed:
        emulator.seed_many(_load_seed_file(args.seed))
    signal.signal(signal.SIGTERM, _raise_shutdown)
    signal.signal(signal.SIGINT, _raise_shutdown)
    try:
        url = emulator.start()
        sys.stdout.write(url + "\n")
        sys.stdout.flush()
        while True:
            time.sleep(3600)
    except (_Shutdown, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        emulator.stop()
    return 0
