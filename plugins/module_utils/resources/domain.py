# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the cloudflare_one.email_security collection.
# It may change or disappear in any release; do not import it from other collections.

"""The domain: a mail domain that Email Security protects, with how its mail reaches Email Security and what it drops.
Its name is the key, compared without regard to case, and cannot change (docs/api_rules.md). Deleting a domain
offboards it, which cannot be undone: a delete needs ``allow_offboard``. A create sends the five fields the API
requires; the list fields compare as sets, ``ip_restrictions`` by the networks they name. The fields the API computes
(status, authorization, ...) are returned and never compared nor sent. Writes are one request each: whether a batch
of domains applies all or nothing is not documented."""

from __future__ import annotations

from ansible_collections.cloudflare_one.email_security.plugins.module_utils._patterns import hostname_problem, ip_form
from ansible_collections.cloudflare_one.email_security.plugins.module_utils._resource import Field, Resource

DELIVERY_MODES = ('DIRECT', 'BCC', 'JOURNAL', 'API', 'RETRO_SCAN')
DISPOSITIONS = ('MALICIOUS', 'MALICIOUS-BEC', 'SUSPICIOUS', 'SPOOF', 'SPAM', 'BULK', 'ENCRYPTED', 'EXTERNAL', 'UNKNOWN', 'NONE')
REGIONS = ('GLOBAL', 'AU', 'DE', 'IN', 'US')
REQUIRED_ON_CREATE = ('allowed_delivery_modes', 'drop_dispositions', 'ip_restrictions', 'regions')
# (field, fewest, most) elements, as the create schema says.
LIST_SIZES = (('allowed_delivery_modes', 1, 10), ('drop_dispositions', 0, 10), ('ip_restrictions', 0, 100), ('regions', 1, 10))
LOOKBACK_HOPS = (1, 20)
VERIFIED = 'ACTIVE'


class Domain(Resource):

    def describe(self, obj):
        return obj.get('domain') or ''

    def compare_form(self, name, value, obj):
        """Domain names compare without regard to case; an IP restriction as the network it names (192.0.2.1 is
        192.0.2.1/32, 2001:DB8::/32 is 2001:db8::/32)."""
        if name == 'ip_restrictions' and isinstance(value, str):
            return ip_form(value) or value
        return super().compare_form(name, value, obj)

    def check(self, wanted, state):
        problems = self.key_problems(wanted)
        domain = wanted.get('domain')
        invalid = domain is not None and (hostname_problem(domain) if domain else 'it is empty')
        if invalid:
            problems.append('domain {0!r} is not a domain name: {1}.'.format(domain, invalid))
        for name, fewest, most in LIST_SIZES:
            values = wanted.get(name)
            if values is not None and not fewest <= len(values) <= most:
                problems.append('{0} must have {1} to {2} elements (it has {3}).'.format(name, fewest, most, len(values)))
        wrong = [value for value in wanted.get('ip_restrictions') or () if ip_form(value) is None]
        if wrong:
            problems.append('ip_restrictions must be IP addresses or networks (such as 192.0.2.10 or 192.0.2.0/24, without host bits '
                            'set): {0} {1} not.'.format(', '.join(repr(value) for value in wrong), 'is' if len(wrong) == 1 else 'are'))
        hops = wanted.get('lookback_hops')
        if hops is not None and not LOOKBACK_HOPS[0] <= hops <= LOOKBACK_HOPS[1]:
            problems.append('lookback_hops must be {0} to {1} (it is {2}).'.format(LOOKBACK_HOPS[0], LOOKBACK_HOPS[1], hops))
        return problems

    def check_change(self, change):
        """A create sends every field the API requires; an update never changes the domain name."""
        if change.action == 'create':
            missing = [name for name in REQUIRED_ON_CREATE if change.body.get(name) is None]
            if missing:
                return ['{0} {1} required to create the domain {2!r}: set {3} ([] is allowed for drop_dispositions and '
                        'ip_restrictions).'.format(', '.join(missing), 'is' if len(missing) == 1 else 'are', change.body.get('domain'),
                                                   ' and '.join(missing))]
        if change.action == 'update' and 'domain' in change.body:
            return ['domain cannot change: {0} is {1!r}, not {2!r}. To protect another domain, create it (an item without id).'.format(
                self.title(change.before), change.before.get('domain'), change.body['domain'])]
        return []

    def sub_read(self, key, result):
        """The verification record: the API's (``status``, ``txt_record_name``, ``txt_record_value``,
        ``last_checked_at``) and ``verified``; an answer without a body (HTTP 204) means verified, without a record."""
        record = dict(status=None, txt_record_name=None, txt_record_value=None, last_checked_at=None)
        record.update(result or {})
        record['verified'] = result is None or str(record['status'] or '').upper() == VERIFIED
        return record


def _read_only(name, line):
    return Field(name, 'raw', doc=(line, 'Read-only: M(cloudflare_one.email_security.domain_info) returns it; given here, it is '
                                         'ignored (neither compared nor sent).'))


DOMAIN = Domain(
    name='domain',
    collection_path='email-security/settings/domains',
    fields=(
        Field('domain', 'str', doc=(
            'The domain name. Without O(id), O(domain) alone identifies the domain, compared without regard to case.',
            'It cannot change: a task whose O(id) is a domain with another name fails before any write. A new name is a new domain.',
        )),
        Field('allowed_delivery_modes', 'list', elements='str', choices=DELIVERY_MODES, doc=(
            'How the mail of the domain may reach Email Security, 1 to 10 modes. Compared as a set. Required to create a domain.',
        )),
        Field('drop_dispositions', 'list', elements='str', choices=DISPOSITIONS, doc=(
            'The dispositions whose messages are dropped, at most 10. Compared as a set. Required to create a domain (V([]) drops '
            'none).',
        )),
        Field('ip_restrictions', 'list', elements='str', doc=(
            'The IP addresses and networks the mail of the domain may come from, at most 100. Compared as a set of networks '
            '(V(192.0.2.1) and V(192.0.2.1/32) are the same). Required to create a domain (V([]) restricts nothing).',
        )),
        Field('regions', 'list', elements='str', choices=REGIONS, doc=(
            'Where the mail of the domain is processed, 1 to 10 regions. Compared as a set. Required to create a domain.',
        )),
        Field('folder', 'str', choices=('AllItems', 'Inbox'), doc=('The mailbox folder that is scanned.',)),
        Field('integration_id', 'str', doc=('The identifier (a UUID) of the integration the domain belongs to.',)),
        Field('lookback_hops', 'int', doc=('How many C(Received) headers back the sender is looked for, 1 to 20.',)),
        Field('require_tls_inbound', 'bool', doc=('Whether mail to the domain must come over TLS. Unset and V(false) are the same.',)),
        Field('require_tls_outbound', 'bool', doc=('Whether mail from the domain must leave over TLS. Unset and V(false) are the same.',)),
        Field('transport', 'str', doc=('The host that mail is delivered to after scanning.',)),
    ),
    read_only=(
        _read_only('status', 'The onboarding status: C(PENDING), C(ACTIVE), C(FAILED) or C(TIMEOUT), in the case the API answers with '
                             '(older answers are in lower case: compare with C(| upper)).'),
        _read_only('authorization', 'Whether the domain is authorized: C(authorized), C(timestamp), C(status_message).'),
        _read_only('spf_status', 'The state of the SPF record of the domain.'),
        _read_only('dmarc_status', 'The state of the DMARC record of the domain.'),
        _read_only('emails_processed', 'Counts of the messages processed.'),
        _read_only('inbox_provider', 'C(Microsoft) or C(Google), when known.'),
        _read_only('o365_tenant_id', 'The Microsoft 365 tenant of the domain, when there is one.'),
        _read_only('verification', 'With O(cloudflare_one.email_security.domain_info#module:include_verification=true): the DNS TXT '
                                   'record that verifies the domain, and C(verified).'),
    ),
    key_fields=('domain',),
    result_key='domain',
    items_option='domains',
    info_filters=('domain',),
    modules=('domain', 'domains', 'domain_info'),
    example=(('domain', 'example.com'), ('allowed_delivery_modes', ['DIRECT']), ('drop_dispositions', ['MALICIOUS', 'SPOOF']),
             ('ip_restrictions', []), ('regions', ['GLOBAL'])),
    caseless_key=('domain', None, 'domains'),  # domain names compare without regard to case
    order_by=('domain',),
    has_batch=False,  # whether a batch of domains is atomic is not documented: one request per change
    deprecated_response_fields=('last_modified',),
    ignored_when_absent=('allowed_delivery_modes', 'drop_dispositions', 'ip_restrictions', 'regions', 'folder', 'integration_id',
                         'lookback_hops', 'require_tls_inbound', 'require_tls_outbound', 'transport'),
    delete_guard=('allow_offboard', 'offboards it: Email Security stops processing its mail, and that cannot be undone'),
    info_reads=(('include_verification', 'verification', 'verification', (
        'Add to each domain its verification record, C(verification) (one request per domain): C(txt_record_name) and '
        'C(txt_record_value), the DNS TXT record that verifies it, C(status), C(last_checked_at), and C(verified), true once the '
        'domain is verified (then the record may be empty).',)),),
)
