# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Start the emulator as a separate process and talk to its test controls (used by the demo,
the benchmarks and the integration tests)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from contextlib import contextmanager
from pathlib import Path

EMULATOR = Path(__file__).resolve().parents[1] / 'emulator' / 'cloudflare_emulator.py'
ACCOUNT_ID = '0123456789abcdef0123456789abcdef'
API_TOKEN = 'emulator-token'


@contextmanager
def emulator_process(*args):
    """Yield the base URL of an emulator started on a free port; stop it afterwards."""
    process = subprocess.Popen([sys.executable, str(EMULATOR), '--port', '0'] + list(args),  # pylint: disable=consider-using-with
                               stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        if not url.startswith('http://'):
            raise RuntimeError('the emulator did not start (it printed {0!r})'.format(url))
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def control(url, action, method='GET', body=None):
    """Call ``/__emulator__/<action>`` of the emulator at ``url`` and return its JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url.split('/client/v4')[0] + '/__emulator__/' + action, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:  # nosec - loopback only
        text = response.read().decode()
    return json.loads(text) if text else {}
