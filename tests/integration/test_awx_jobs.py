# Copyright (c) 2026, cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AWX / AAP job runs, for real: the example playbook through ``ansible-runner``, as AWX runs jobs.

AWX renders the injectors of a job's credentials, writes the result into the job's private
data directory, and starts ``ansible-runner`` on it inside the execution environment. These
tests do the same with the credential type of docs/awx/credential_type.yml against the
emulator: a job template of job type Check (``--check --diff``), then one of job type Run
(with Show Changes, ``--diff``), and read the outcome from ansible-runner's job events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from test_account_playbooks import seed  # pylint: disable=import-error

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_PATH = COLLECTION_ROOT.parents[2]
CREDENTIAL_TYPE = yaml.safe_load((COLLECTION_ROOT / 'docs' / 'awx' / 'credential_type.yml').read_text())
EXAMPLES = COLLECTION_ROOT / 'docs' / 'examples'
CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4'


def awx_injected_env(credential_type, inputs):
    """The environment that AWX injects for a credential of this type with these inputs.

    The rules of AWX's ``inject_credential`` (awx/main/models/credential, now awx-plugins-core):
    a sandboxed Jinja environment; the template namespace holds ``tower`` and every input that
    is a boolean or non-empty, secrets with their real value (AWX keeps a second rendering
    with ``**********`` for what it stores); an empty input is left undefined; a boolean
    field with no input is false.
    """
    namespace = {'tower': SimpleNamespace()}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in credential_type['inputs']['fields']:
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**namespace) for name, template in credential_type['injectors']['env'].items()}


def test_injectors_render_as_awx_renders_them():
    """Secrets as given; an empty api_url gives Cloudflare's API URL, not an empty variable."""
    injected = awx_injected_env(CREDENTIAL_TYPE, dict(account_id='0123456789abcdef0123456789abcdef', api_token='tok-en_1', api_url=''))
    assert injected == dict(CLOUDFLARE_ACCOUNT_ID='0123456789abcdef0123456789abcdef', CLOUDFLARE_API_TOKEN='tok-en_1',
                            CLOUDFLARE_BASE_URL=CLOUDFLARE_API)
    assert awx_injected_env(CREDENTIAL_TYPE, dict(account_id='a', api_token='b'))['CLOUDFLARE_BASE_URL'] == CLOUDFLARE_API
    assert awx_injected_env(CREDENTIAL_TYPE, dict(account_id='a', api_token='b', api_url='http://127.0.0.1:8080/client/v4'))[
        'CLOUDFLARE_BASE_URL'] == 'http://127.0.0.1:8080/client/v4'
    required = CREDENTIAL_TYPE['inputs']['required']
    secret = [field['id'] for field in CREDENTIAL_TYPE['inputs']['fields'] if field.get('secret')]
    assert (required, secret) == (['account_id', 'api_token'], ['api_token'])


class Job:
    """One ansible-runner run of the example playbook: status, events, stdout and the files it left."""

    def __init__(self, private_data_dir, ident, completed):
        self.private_data_dir = private_data_dir
        self.artifacts = private_data_dir / 'artifacts' / ident
        self.completed = completed
        self.status = (self.artifacts / 'status').read_text().strip() if (self.artifacts / 'status').is_file() else None
        self.rc = (self.artifacts / 'rc').read_text().strip() if (self.artifacts / 'rc').is_file() else None
        events_dir = self.artifacts / 'job_events'
        self.events = sorted((json.loads(path.read_text()) for path in events_dir.glob('*.json')), key=lambda event: event['counter'])
        self.stdout = (self.artifacts / 'stdout').read_text() if (self.artifacts / 'stdout').is_file() else ''

    def items(self):
        """Per policy (the loop label): whether it changed, and its diff, from the runner_item_on_ok events."""
        found = {}
        for event in self.events:
            if event['event'] == 'runner_item_on_ok':
                result = event['event_data']['res']
                found[result['_ansible_item_label']] = (result['changed'], result.get('diff'))
        return found

    def stats(self):
        stats = [event for event in self.events if event['event'] == 'playbook_on_stats']
        assert len(stats) == 1
        data = stats[0]['event_data']
        return {key: data[key].get('localhost', 0) for key in ('ok', 'changed', 'failures', 'dark')}

    def artifacts_data(self):
        """The job's artifacts, as AWX stores them: the set_stats data of the playbook_on_stats event."""
        stats = [event for event in self.events if event['event'] == 'playbook_on_stats']
        assert len(stats) == 1
        return stats[0]['event_data']['artifact_data']

    def files_holding(self, secret):
        return sorted(str(path.relative_to(self.private_data_dir)) for path in self.private_data_dir.rglob('*')
                      if path.is_file() and secret.encode() in path.read_bytes())


@pytest.fixture
def awx_job(emulator, tmp_path):
    """Run a playbook of a project as an AWX job template of the given job type (default: docs/examples/allow_policies.yml).

    ``project`` maps the project's file names to their text; ``extravars`` are the job's extra variables, which AWX
    writes to env/extravars (the job template's, and in a workflow the artifacts of the jobs before).
    """

    def run(job_type, ident, verbosity='', playbook='allow_policies.yml', project=None, extravars=None):
        private_data_dir = tmp_path / ident
        project_dir = private_data_dir / 'project'
        project_dir.mkdir(parents=True)
        for name, text in (project or {name: (EXAMPLES / name).read_text() for name in ('allow_policies.yml', 'policies.yml')}).items():
            (project_dir / name).write_text(text)
        # AWX's Demo Inventory: localhost, local connection, the Python that runs ansible-playbook.
        (private_data_dir / 'inventory').mkdir()
        (private_data_dir / 'inventory' / 'hosts').write_text(
            'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n')
        credential = dict(account_id=emulator.account_id, api_token=emulator.api_token, api_url=emulator.url)
        envvars = awx_injected_env(CREDENTIAL_TYPE, credential)
        # What the execution environment provides: the collection on the collections path.
        envvars.update(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH), ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0')
        (private_data_dir / 'env').mkdir()
        (private_data_dir / 'env' / 'envvars').write_text(yaml.safe_dump(envvars))
        if extravars is not None:
            (private_data_dir / 'env' / 'extravars').write_text(json.dumps(extravars))
        # Job type Check runs the playbook in check mode; Show Changes (enabled on both) adds --diff.
        (private_data_dir / 'env' / 'cmdline').write_text(('--check --diff' if job_type == 'check' else '--diff') + verbosity)
        run_env = {key: value for key, value in os.environ.items() if not key.startswith(('CLOUDFLARE_', 'ANSIBLE_'))}
        run_env['PATH'] = os.pathsep.join([str(Path(sys.executable).parent), run_env.get('PATH', '')])
        command = [sys.executable, '-m', 'ansible_runner', 'run', str(private_data_dir), '--playbook', playbook,
                   '--ident', ident, '--json']
        completed = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=300, check=False)
        return Job(private_data_dir, ident, completed)

    return run


def no_token_outside_the_private_inputs(job, token):
    """No job event, no stdout line holds the token; of the files, only those that hold the job's environment."""
    assert [event['counter'] for event in job.events if token in json.dumps(event)] == []
    assert token not in job.stdout and token not in job.completed.stdout and token not in job.completed.stderr
    # The token is in the job's input (env/envvars, written by AWX) and, by ansible-runner's design,
    # in the environment that it records in artifacts/<ident>/command. AWX deletes the private
    # data directory when the job ends (AWX_CLEANUP_PATHS) and keeps only the events and stdout.
    assert job.files_holding(token) == ['artifacts/{0}/command'.format(job.artifacts.name), 'env/envvars']
    recorded = json.loads((job.artifacts / 'command').read_text())
    assert token not in json.dumps(recorded['command']) and recorded['env']['CLOUDFLARE_API_TOKEN'] == token


def test_check_job_previews_what_the_run_job_then_does(emulator, awx_job):
    emulator.seed([dict(pattern='partner.example', pattern_type='DOMAIN', is_regex=False, verify_sender=True, is_trusted_sender=False,
                        is_acceptable_sender=False, is_exempt_recipient=False, comments='old comment')])
    before = emulator.policies()

    check = awx_job('check', 'check-job')
    assert (check.completed.returncode, check.status, check.rc) == (0, 'successful', '0'), check.completed.stdout[-3000:] + check.completed.stderr
    assert emulator.writes() == []
    assert emulator.policies() == before
    assert check.completed.stdout.strip(), 'ansible-runner --json printed no event'
    emulator.clear_requests()

    # The Run job at verbosity 4 (-vvvv), the highest that AWX's job template form offers besides WinRM debug.
    run = awx_job('run', 'run-job', verbosity=' -vvvv')
    assert (run.completed.returncode, run.status, run.rc) == (0, 'successful', '0'), run.completed.stdout[-3000:] + run.completed.stderr
    writes = [(request['method'], request['path'].rsplit('/', 1)[-1] if request['method'] == 'POST' else 'id') for request in emulator.writes()]
    assert sorted(writes) == [('PATCH', 'id'), ('POST', 'allow_policies'), ('POST', 'allow_policies'), ('POST', 'allow_policies')]

    checked, applied = check.items(), run.items()
    assert len(applied) == 4
    assert {label: changed for label, (changed, _diff) in checked.items()} == {label: changed for label, (changed, _diff) in applied.items()}
    assert check.stats() == run.stats() == dict(ok=1, changed=1, failures=0, dark=0)
    for label, (_changed, diff) in applied.items():
        # Updates and creations alike: the Check job showed exactly the change the Run job made.
        assert checked[label][1] == diff, label
    partner = applied['DOMAIN partner.example'][1]
    assert (json.loads(partner['before'])['comments'], json.loads(partner['after'])['comments']) == (
        'old comment', 'Partner newsletters, exempt from spam and bulk')
    assert [label for label, (_changed, diff) in applied.items() if json.loads(diff['before']) == {}] == [
        'EMAIL soc@example.com', 'IP 203.0.113.0/24', 'EMAIL .*@alerts\\.example\\.net']

    assert len(run.stdout.splitlines()) > len(check.stdout.splitlines())  # -vvvv did add output
    no_token_outside_the_private_inputs(check, emulator.api_token)
    no_token_outside_the_private_inputs(run, emulator.api_token)


BATCH = dict(deletes=[], patches=[], puts=[], posts=[])


def comparable(plan):
    """A plan without what differs between a Check job and the Run job that applies it: the mode, and the id that the API
    gives an object it creates."""
    families = {}
    for family, entries in plan['families'].items():
        created = [{key: value for key, value in entry.items() if key != 'id'} for entry in entries['created']]
        families[family] = dict(entries, created=created)
    return dict({key: value for key, value in plan.items() if key != 'mode'}, families=families)


def test_reviewed_workflow_check_plan_approval_then_run(emulator, playbook, awx_job, tmp_path):
    """The workflow of docs/examples/awx_account_workflow.yml on the project of docs/examples/apply_account.yml: the Check
    job leaves the plan as artifacts and writes nothing, the Run job (given the Check job's artifacts, as AWX passes them
    on through the approval node) applies exactly that plan, and a second Check job (the drift alarm's) reports no change;
    after a change by hand, the drift alarm fails."""
    seed(emulator)
    export_file = tmp_path / 'email_security.yml'
    exported = playbook('cloudflare_one.email_security.export', dict(email_security_export_path=str(export_file)))
    assert exported.returncode == 0, exported.output
    # The merge request: a change in three families.
    settings = yaml.safe_load(export_file.read_text())
    settings['email_security_domains'][0]['regions'] = ['US']
    removed = settings['email_security_url_ignore_patterns'].pop()
    settings['email_security_content_policies'].append(dict(name='Payroll 2', pattern='(?i)payroll', targets=['BODY'], enabled=True))
    project = {'apply_account.yml': (EXAMPLES / 'apply_account.yml').read_text(), 'email_security.yml': yaml.safe_dump(settings)}
    (tmp_path / 'settings.yml').write_text(project['email_security.yml'])
    job_template_vars = yaml.safe_load((EXAMPLES / 'awx_account_workflow.yml').read_text())[0]['vars']['job_variables']
    assert job_template_vars == dict(email_security_purge=True)
    emulator.clear_requests()
    before = emulator.stored()

    check = awx_job('check', 'check-job', playbook='apply_account.yml', project=project, extravars=job_template_vars)
    assert (check.completed.returncode, check.status) == (0, 'successful'), check.completed.stdout[-3000:] + check.completed.stderr
    assert emulator.writes() == [] and emulator.stored() == before
    artifacts = check.artifacts_data()
    assert sorted(artifacts) == ['email_security_plan']
    plan = artifacts['email_security_plan']['localhost']
    assert (plan['mode'], plan['changed'], plan['totals']) == ('check', True, dict(create=1, update=1, delete=1, unchanged=24, skipped=0))
    assert {family: (len(p['created']), len(p['updated']), len(p['deleted'])) for family, p in plan['families'].items()
            if p['created'] or p['updated'] or p['deleted']} == dict(domains=(0, 1, 0), url_ignore_patterns=(0, 0, 1), content_policies=(1, 0, 0))
    emulator.clear_requests()

    # Approved: AWX starts the Run job with the job template's variables and the artifacts of the jobs before it.
    run = awx_job('run', 'run-job', playbook='apply_account.yml', project=project, extravars=dict(job_template_vars, **artifacts))
    assert (run.completed.returncode, run.status) == (0, 'successful'), run.completed.stdout[-3000:] + run.completed.stderr
    applied = run.artifacts_data()['email_security_plan']['localhost']
    assert applied['mode'] == 'apply'
    assert comparable(applied) == comparable(plan)
    # The writes are exactly the plan's three changes (two of them through the families' batch endpoints).
    update, = plan['families']['domains']['updated']
    deleted, = plan['families']['url_ignore_patterns']['deleted']
    created, = plan['families']['content_policies']['created']
    writes = {(request['method'], request['path'].split('/email-security/settings/', 1)[1]): request['body'] for request in emulator.writes()}
    assert writes == {('PATCH', 'domains/' + update['id']): update['after'],
                      ('POST', 'url_ignore_patterns/batch'): dict(BATCH, deletes=[dict(id=deleted['id'])]),
                      ('POST', 'content_policies/batch'): dict(BATCH, posts=[{key: created[key] for key in ('name', 'pattern', 'targets', 'enabled')}])}
    assert created['notes'] == ''  # the plan shows the default that the create leaves out
    assert removed['pattern'] not in [record['pattern'] for record in emulator.records('url_ignore_patterns')]
    emulator.clear_requests()

    # The next Check job: the job template of the drift alarm (a Check job with email_security_fail_on_drift), which the
    # account now matches.
    drift_vars = yaml.safe_load((EXAMPLES / 'awx_account_workflow.yml').read_text())[0]['tasks'][-2]['awx.awx.job_template']['extra_vars']
    assert drift_vars == "{{ job_variables | combine({'email_security_fail_on_drift': true}) }}"
    again = awx_job('check', 'check-again', playbook='apply_account.yml', project=project,
                    extravars=dict(job_template_vars, email_security_fail_on_drift=True))
    assert (again.completed.returncode, again.status) == (0, 'successful'), again.completed.stdout[-3000:] + again.completed.stderr
    assert again.artifacts_data()['email_security_plan']['localhost']['changed'] is False
    assert emulator.writes() == []
    # A change by hand in the dashboard: the drift alarm fails, names it, and writes nothing.
    emulator.seed_records('trusted_domains', [dict(pattern='added-by-hand.example', is_recent=True, is_similarity=False, is_regex=False,
                                                   comments=None)])
    alarm = playbook('cloudflare_one.email_security.apply', dict(job_template_vars, email_security_fail_on_drift=True),
                     args=['-e', '@' + str(tmp_path / 'settings.yml'), '--check'])
    assert alarm.returncode == 2 and emulator.writes() == [], alarm.output
    assert 'Drift from the declared Email Security settings of localhost (email_security_fail_on_drift is set, nothing was written): ' \
           'Plan: 0 to create, 0 to update, 1 to delete, 26 unchanged' in ' '.join(alarm.output.split()), alarm.output
    for job in (check, run, again):
        no_token_outside_the_private_inputs(job, emulator.api_token)
