# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The built docsite (make docs) as a reader sees it: pages opened in headless Chromium.

Chromium renders each page (scripts included) and hands back the resulting DOM, which these
tests read; the allow_policy page is also kept as a screenshot, build/docsite-allow_policy.png.
Run by the docs-browser session of noxfile.py after it has built the site into build/docsite; the
session finds the browser (tests/tools/docsite.py, find_browser) and passes it as CHROMIUM.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO.parents[3] if REPO.parent.parent.name == 'ansible_collections' else REPO / 'build'
HTML = BUILD / 'docsite' / 'build' / 'html'
COLLECTION_HTML = HTML / 'collections' / 'cloudflare_one' / 'email_security'
SCREENSHOT = BUILD / 'docsite-allow_policy.png'
CHROMIUM = os.environ.get('CHROMIUM', '')
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--hide-scrollbars']


def chromium(*args):
    assert Path(CHROMIUM).is_file(), 'CHROMIUM names no browser: run these tests through `nox -s docs-browser` (make docs)'
    with tempfile.TemporaryDirectory() as profile:
        # Chromium writes crash settings and caches under the XDG directories, whatever --user-data-dir says: the profile's.
        env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
        done = subprocess.run([CHROMIUM] + CHROMIUM_FLAGS + ['--user-data-dir=' + profile] + list(args),
                              capture_output=True, text=True, timeout=120, check=False, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Sections(HTMLParser):
    """Text, element ids and link targets of each <section id=...> of a page (nested sections included in their parents)."""

    def __init__(self):
        super().__init__()
        self.open = []
        self.text = {}
        self.ids = {}
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'section' and attrs.get('id'):
            self.open.append([attrs['id'], 0])
            self.text.setdefault(attrs['id'], [])
            self.ids.setdefault(attrs['id'], set())
        elif tag == 'section' and self.open:
            self.open[-1][1] += 1
        if attrs.get('id'):
            for section, _depth in self.open:
                self.ids[section].add(attrs['id'])
        if tag == 'a' and attrs.get('href'):
            self.links.append(attrs['href'])

    def handle_endtag(self, tag):
        if tag == 'section' and self.open:
            if self.open[-1][1]:
                self.open[-1][1] -= 1
            else:
                self.open.pop()

    def handle_data(self, data):
        for section, _depth in self.open:
            self.text[section].append(data)


def rendered(page):
    assert page.is_file(), '{0} was not built (make docs)'.format(page)
    parsed = Sections()
    parsed.feed(chromium('--dump-dom', page.as_uri()))
    parsed.text = {section: ' '.join(' '.join(parts).split()) for section, parts in parsed.text.items()}
    return parsed


@pytest.fixture(scope='module')
def module_doc():
    """What ansible-doc says of allow_policy: the options and return values the page must show."""
    collections = REPO.parents[2] if REPO.parent.parent.name == 'ansible_collections' else None
    assert collections, 'run from the laid-out tree (make test / make docs)'
    done = subprocess.run([str(Path(sys.executable).parent / 'ansible-doc'), '--json', 'cloudflare_one.email_security.allow_policy'],
                          capture_output=True, text=True, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections)), check=True)
    return json.loads(done.stdout)['cloudflare_one.email_security.allow_policy']


@pytest.fixture(scope='module')
def allow_policy_page():
    return rendered(COLLECTION_HTML / 'allow_policy_module.html')


def test_options_table_lists_every_option(allow_policy_page, module_doc):
    options = module_doc['doc']['options']
    assert len(options) > 10
    shown = allow_policy_page.ids['parameters']
    assert sorted(name for name in options if 'parameter-' + name not in shown) == []
    text = allow_policy_page.text['parameters']
    for name, spec in options.items():
        assert name in text
        for choice in spec.get('choices', []):
            assert str(choice) in text, (name, choice)
    assert 'CLOUDFLARE_API_TOKEN' in text


def squeezed(text):
    """Text without whitespace: the highlighter splits code into many elements."""
    return ''.join(text.split())


def test_examples_are_shown(allow_policy_page, module_doc):
    examples = yaml.safe_load(module_doc['examples'])
    text = squeezed(allow_policy_page.text['examples'])
    assert 'cloudflare_one.email_security.allow_policy:' in text
    assert examples
    assert [task['name'] for task in examples if squeezed(task['name']) not in text] == []


def test_return_values_are_shown(allow_policy_page, module_doc):
    returned = module_doc['return']
    assert 'policy' in returned
    shown = allow_policy_page.ids['return-values']
    assert sorted(name for name in returned if 'return-' + name not in shown) == []
    for name in returned['policy'].get('contains', {}):
        assert 'return-policy/' + name in shown, name


def test_screenshot_of_the_module_page():
    if SCREENSHOT.exists():
        SCREENSHOT.unlink()
    chromium('--screenshot=' + str(SCREENSHOT), '--window-size=1280,2400', (COLLECTION_HTML / 'allow_policy_module.html').as_uri())
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    width, height = struct.unpack('>II', data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 50000, 'the screenshot is nearly empty ({0} bytes)'.format(len(data))


def test_collection_page_links_every_module_and_guide():
    page = rendered(COLLECTION_HTML / 'index.html')
    page.links = [link.split('#')[0] for link in page.links]
    modules = sorted(path.stem for path in (REPO / 'plugins' / 'modules').glob('*.py') if not path.name.startswith('_'))
    assert [name for name in modules if name + '_module.html' not in page.links] == []
    sections = yaml.safe_load((REPO / 'docs' / 'docsite' / 'extra-docs.yml').read_text())['sections']
    guides = [guide for section in sections for guide in section['toctree']]
    assert len(guides) >= 4
    assert [guide for guide in guides if 'docsite/{0}.html'.format(guide) not in page.links] == []
    for guide in guides:
        assert (COLLECTION_HTML / 'docsite' / (guide + '.html')).is_file(), guide
