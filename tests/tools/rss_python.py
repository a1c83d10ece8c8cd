# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A Python interpreter for ``ansible_python_interpreter`` that measures the module process (``make soak``).

Runs ``sys.executable`` with the same arguments, standard input and output, then appends the peak
resident set size of that process (``getrusage(RUSAGE_CHILDREN).ru_maxrss``, KiB on Linux) and its
wall time as one JSON line to the file named by ``SOAK_RSS_LOG``. The exit code is passed on.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def main():
    started = time.monotonic()
    code = subprocess.call([sys.executable] + sys.argv[1:])
    seconds = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ['SOAK_RSS_LOG'], 'a', encoding='utf-8') as log:
        log.write(json.dumps(dict(args=sys.argv[1:], peak_rss_kib=peak_kib, seconds=round(seconds, 2), code=code)) + '\n')
    return code


if __name__ == '__main__':
    sys.exit(main())
