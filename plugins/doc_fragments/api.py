# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """The connection options shared by every module of the collection."""

    DOCUMENTATION = r"""
options:
  account_id:
    description:
      - The Cloudflare account identifier (32 characters, shown in the dashboard's URL and overview page).
      - If not set, the value of the E(CLOUDFLARE_ACCOUNT_ID) environment variable is used. An empty value is an error, never replaced by
        the variable; an empty variable counts as unset.
      - Required, as an option or through the environment variable.
    type: str
  api_token:
    description:
      - "A Cloudflare API token. Reading needs the C(Cloud Email Security: Read) permission, changes need
        C(Cloud Email Security: Write)."
      - If not set, the value of the E(CLOUDFLARE_API_TOKEN) environment variable is used. An empty value is an error, never replaced by
        the variable; an empty variable counts as unset.
      - Mutually exclusive with O(api_key). Either O(api_token) or both O(api_email) and O(api_key) are required.
      - Credentials set on the task are used alone, whatever the environment holds. Otherwise E(CLOUDFLARE_API_TOKEN) is
        used when set, and E(CLOUDFLARE_EMAIL) with E(CLOUDFLARE_API_KEY) when it is not.
      - Surrounding white space (such as the line break at the end of a file or vault block) is ignored.
    type: str
  api_email:
    description:
      - The email address of the Cloudflare user, for the legacy global API key authentication (O(api_key)).
      - If not set, the value of the E(CLOUDFLARE_EMAIL) environment variable is used. An empty value is an error, never replaced by
        the variable; an empty variable counts as unset.
    type: str
  api_key:
    description:
      - The legacy global API key of the user O(api_email). Prefer O(api_token), which can be scoped to one permission.
      - If not set, the value of the E(CLOUDFLARE_API_KEY) environment variable is used. An empty value is an error, never replaced by
        the variable; an empty variable counts as unset.
    type: str
  api_url:
    description:
      - The base URL of the Cloudflare v4 API. Change it only for a proxy or for the local emulator shipped in the
        collection's tests.
      - It must use C(https://), except on C(localhost) or C(127.0.0.1), where C(http://) is accepted for the emulator.
        Redirects are not followed.
      - If not set, the value of the E(CLOUDFLARE_BASE_URL) environment variable is used (unless it is empty), and otherwise the
        default.
    type: str
    default: https://api.cloudflare.com/client/v4
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Only turn this off for a local test endpoint.
    type: bool
    default: true
  timeout:
    description:
      - How many seconds to wait for a connection and for each answer of the API.
    type: float
    default: 30
  max_retries:
    description:
      - How many times to retry one request, from V(0) to V(10).
      - Rate-limited requests (HTTP 429) are retried after the time the API asks for (at most 60 seconds).
        HTTP 502, 503 and 504 and broken connections are retried with exponential backoff and jitter, except for
        creations, which are retried only when the API certainly did not act on them (HTTP 429, or a connection
        that could not be established). Each retry is reported as a warning.
    type: int
    default: 3
requirements:
  - requests (on the host that runs the module, usually the controller)
notes:
  - >-
    The module runs on the host it is delegated to, normally C(localhost). Set
    C(ansible_python_interpreter: "{{ ansible_playbook_python }}") there so that it runs with the controller's
    Python, which has C(requests).
  - Requests go through a proxy when the standard E(HTTPS_PROXY) and E(NO_PROXY) environment variables say so.
  - The API token and key are never shown in output, results, diffs or error messages.
"""
