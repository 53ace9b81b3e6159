#!/usr/bin/env python3
"""moto's S3 on 127.0.0.1 with signature checking on, for the remote tests.

Prints one JSON line when ready: the port, an IAM user's key pair and an assumed role's session
credentials (both allowed s3:*). Then reads commands on stdin, one a line, answering one line each:
  bucket NAME   create a bucket (in-process, no signature needed)   -> ok | error MESSAGE
Exits at end of input, so the server dies with the test process that started it.
"""
import json
import os
import sys

# moto's server mode checks no signatures until INITIAL_NO_AUTH_ACTION_COUNT requests have been served
# (infinite by default); the users are made first, then checking is switched on below.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "setup")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "setup")

from moto import settings  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.iam.models import iam_backends  # noqa: E402
from moto.s3.models import s3_backends  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402
from moto.sts.models import sts_backends  # noqa: E402

ALLOW_S3 = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
})
TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
})
REGION = "us-east-1"


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()

    iam = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    iam.create_user(REGION, "cairn-test")
    iam.put_user_policy("cairn-test", "s3", ALLOW_S3)
    key = iam.create_access_key("cairn-test")

    role = iam.create_role("cairn-role", TRUST, "/", None, "", [], None)
    iam.put_role_policy("cairn-role", "s3", ALLOW_S3)
    session = sts_backends[DEFAULT_ACCOUNT_ID]["aws"].assume_role(
        REGION, "cairn-session", role.arn, None, 3600, None)

    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    ActionAuthenticatorMixin.request_count = 0

    print(json.dumps({
        "port": port,
        "access_key_id": key.access_key_id,
        "secret_access_key": key.secret_access_key,
        "session_access_key_id": session.access_key_id,
        "session_secret_access_key": session.secret_access_key,
        "session_token": session.session_token,
        "region": REGION,
    }), flush=True)

    s3 = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "bucket" and len(words) == 2:
                s3.create_bucket(words[1], REGION)
                print("ok", flush=True)
            else:
                print(f"error unknown command {line.strip()!r}", flush=True)
        except Exception as error:  # the test reads the reason
            print(f"error {type(error).__name__}: {error}".replace("\n", " "), flush=True)
    server.stop()


if __name__ == "__main__":
    main()
