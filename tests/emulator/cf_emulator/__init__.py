# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator of the Cloudflare Email Security settings API, in parts (docs/emulator.md lists the files).

Start it with ../cloudflare_emulator.py (the script, and the module callers import); the names it exports are these.
"""

from __future__ import annotations

from .cli import build_parser, main
from .emulator import Emulator
from .families import RESOURCES
from .patterns import NON_PUBLIC_NETWORKS
from .replies import ApiError
from .store import FIRST_INTEGER_ID

__all__ = ["ApiError", "Emulator", "FIRST_INTEGER_ID", "NON_PUBLIC_NETWORKS", "RESOURCES", "build_parser", "main"]
