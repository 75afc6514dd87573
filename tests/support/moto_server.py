"""moto's server for the tests, with AWS managed IAM policies built cheaply.

moto builds all ~1,500 AWS managed policies (parsing their JSON, dumping each
document back, drawing random ids) for every IAM partition the first time an
account is used after each reset: about half a second of CPU per test. Here they
are built once, for the "aws" partition only (the emulator's region is
us-east-1), and every later IAM backend gets fresh copies of those objects.

Usage: python3 moto_server.py [--quiet] <moto.server arguments>
--quiet drops werkzeug's line per request (errors still go to stderr).
"""

import logging
import os
import sys

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

import moto.iam.models as iam_models  # noqa: E402
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

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--quiet"]:
        args = args[1:]
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    main(args)
