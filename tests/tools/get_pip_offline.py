# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Offline stand-in for the get-pip.py script that ansible-test downloads.

ansible-test bootstraps pip into every virtual environment it creates by running
``python ~/.ansible/test/cache/get_pip_<pip version with underscores>.py [pip options] pip==<version>
--no-setuptools --no-wheel``, and downloads that script from a host that machines without a
general network cannot reach. noxfile.py puts this file there instead (under build/home): it installs the
pip bundled with the interpreter (ensurepip, no network) and then lets that pip install the
requested packages from the configured package index.
"""

from __future__ import annotations

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel', '--no-pip')


def main():
    """Bootstrap pip, then install the requested packages."""
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'])
    if args:
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    main()
