"""moto's server for the tests, with AWS managed IAM policies built cheaply.

moto builds all ~1,500 AWS managed policies (parsing their JSON, dumping each
document back, drawing random ids) for every IAM partition the first time an
account is used after each reset: about half a second of CPU per test. Here they
are built once, for the "aws" partition only (the emulator's region is
us-east-1), and every later IAM backend gets fresh copies of those objects.

Usage: python3 moto_server.py [--quiet] <moto.server arguments>
--quiet drops werkzeug's line per request (errors still go to stderr).

Or: python3 moto_server.py --zygote SOCKET PID
starts a background process, listening on the Unix socket SOCKET until process PID
(the test runner) ends, that has moto imported and forks a fresh emulator for each
connection: importing moto costs more than half a second of CPU, a fork a few
milliseconds. A connection sends one line, the JSON list of moto.server arguments; it
gets the emulator's pid on a line, then the emulator's output, then "[exit CODE]".
"""

import json
import logging
import os
import random
import select
import socket
import sys
import threading
import time
import traceback

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

import moto.iam.models as iam_models  # noqa: E402
from moto.moto_api._internal import mock_random  # noqa: E402
from moto.server import main  # noqa: E402

_build_aws_policies = iam_models.IAMBackend._init_aws_policies
# (policy attributes, default version attributes) of each managed policy, built once.
_templates = None


def _copy(cls, attributes):
    obj = object.__new__(cls)
    obj.__dict__.update(attributes)
    return obj


def _aws_policies(backend):
    global _templates
    if backend.partition != "aws":
        return []
    if _templates is None:
        built = _build_aws_policies(backend)
        _templates = [
            ({k: v for k, v in vars(p).items() if k != "versions"}, vars(p.versions[0]))
            for p in built
        ]
        return built
    policies = []
    for attributes, version in _templates:
        policy = _copy(iam_models.AWSManagedPolicy, attributes)
        policy.account_id = backend.account_id
        policy.tags = {}
        policy.versions = [_copy(iam_models.PolicyVersion, version)]
        policies.append(policy)
    return policies


iam_models.IAMBackend._init_aws_policies = _aws_policies

def _serve(args):
    if args[:1] == ["--quiet"]:
        args = args[1:]
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    main(args)


def _exit_with(runner):
    """Ends this emulator once the test runner has ended, as its own children would."""
    while _alive(runner):
        time.sleep(1)
    os._exit(0)


def _emulator(listener, others, conn, args, runner):
    """In a forked child: the connection becomes stdout and stderr, then moto serves."""
    listener.close()
    for other in others:
        other.close()
    threading.Thread(target=_exit_with, args=(runner,), daemon=True).start()
    random.seed()
    mock_random.seed()  # moto's ids (keys, request ids) differ between emulators, as before
    conn.sendall(f"{os.getpid()}\n".encode())
    os.dup2(conn.fileno(), 1)
    os.dup2(conn.fileno(), 2)
    conn.close()
    code = 0
    try:
        _serve(args)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _zygote(path, runner):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
    except OSError:
        return  # another test file started one first
    listener.listen(64)
    iam_models.IAMBackend("us-east-1", "123456789012")  # builds the policy templates, once
    if os.fork():
        return  # the launcher exits once the socket listens
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    children = {}
    try:
        while _alive(runner):
            ready, _, _ = select.select([listener], [], [], 0.25)
            if ready:
                conn, _ = listener.accept()
                args = json.loads(conn.makefile("r").readline())
                pid = os.fork()
                if pid == 0:
                    _emulator(listener, children.values(), conn, args, runner)
                children[pid] = conn
            while children:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    break
                conn = children.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(f"\n[exit {os.waitstatus_to_exitcode(status)}]\n".encode())
                    except OSError:
                        pass
                    conn.close()
    finally:
        listener.close()
        try:
            os.unlink(path)
        except OSError:
            pass


if __name__ == "__main__":
    if sys.argv[1:2] == ["--zygote"]:
        _zygote(sys.argv[2], int(sys.argv[3]))
    else:
        _serve(sys.argv[1:])
