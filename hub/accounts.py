"""Hub accounts from a roster: one random password each, in Native Authenticator's database.

    python hub/accounts.py --db HUB.sqlite ROSTER.csv [--also USER ...] [--out FILE]
    python hub/accounts.py --db HUB.sqlite --reset USER [--out FILE]

Run it with the hub's Python, as the account that owns the hub's database (root on TLJH:
``sudo /opt/tljh/hub/bin/python hub/accounts.py --db /opt/tljh/state/jupyterhub.sqlite ...``).
Every roster member (and every ``--also`` name, such as the hub admin) without an account gets
one, authorised, with a random password of its own; existing accounts keep theirs. The new
passwords are added to ``--out`` (default: ``hub-accounts.txt`` next to the database; readable by
its owner only) for the trainer to hand out, one to each person. People change their password at
``/hub/change-password``. Nobody can sign up: the hub configuration turns sign-up off.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import sys
from pathlib import Path

ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes


def new_password(length: int = 16) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _session(db: Path):
    from nativeauthenticator.orm import UserInfo
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(f"sqlite:///{db}")
    UserInfo.__table__.create(engine, checkfirst=True)
    return Session(engine), UserInfo


def existing(db: Path) -> set[str]:
    session, UserInfo = _session(db)
    with session:
        return {u.username for u in session.query(UserInfo).all()}


def set_password(db: Path, username: str, password: str | None = None) -> str:
    """Create or update ``username``'s account (authorised) with ``password`` (random if None)."""
    import bcrypt

    password = password or new_password()
    session, UserInfo = _session(db)
    with session:
        info = session.query(UserInfo).filter_by(username=username).first()
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        if info is None:
            session.add(UserInfo(username=username, password=hashed, is_authorized=True))
        else:
            info.password, info.is_authorized = hashed, True
        session.commit()
    return password


def read_passwords(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    pairs = (line.split() for line in path.read_text().splitlines()
             if line.strip() and not line.startswith("#"))
    return {p[0]: p[1] for p in pairs if len(p) == 2}


def write_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.touch(mode=0o600)
    os.chmod(path, 0o600)
    path.write_text(
        "# Hub accounts: one random password each, readable by this file's owner only.\n"
        "# Hand each person theirs; they change it at /hub/change-password.\n"
        + "".join(f"{user} {password}\n" for user, password in sorted(passwords.items()))
    )


def ensure(db: Path, usernames: list[str], out: Path) -> list[str]:
    """Accounts for ``usernames``: each missing one is made with a random password, added to
    ``out``. Existing accounts are left alone (their owner may have changed the password)."""
    have, known = existing(db), read_passwords(out)
    made = [name for name in dict.fromkeys(usernames) if name not in have]
    for name in made:
        known[name] = set_password(db, name)
    if made:
        write_passwords(out, known)
    return made


def roster_usernames(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row["username"].strip() for row in csv.DictReader(handle) if (row.get("username") or "").strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python hub/accounts.py", description=__doc__.splitlines()[0])
    parser.add_argument("roster", nargs="?", type=Path, help="the roster CSV (column username)")
    parser.add_argument("--db", type=Path, required=True, help="the hub's sqlite database")
    parser.add_argument("--also", nargs="*", default=[], help="more accounts, such as the hub admin")
    parser.add_argument("--reset", metavar="USER", help="give USER a new random password")
    parser.add_argument("--out", type=Path, help="the passwords file (default: next to the database)")
    args = parser.parse_args(argv)
    out = args.out or args.db.with_name("hub-accounts.txt")
    if args.reset:
        passwords = read_passwords(out)
        passwords[args.reset] = set_password(args.db, args.reset)
        write_passwords(out, passwords)
        print(f"New password for {args.reset} in {out}")
        return 0
    if not args.roster:
        parser.error("give the roster CSV, or --reset USER")
    made = ensure(args.db, [*roster_usernames(args.roster), *args.also], out)
    print(f"{len(made)} new accounts" + (f" ({', '.join(made)}); their passwords are in {out}" if made else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
