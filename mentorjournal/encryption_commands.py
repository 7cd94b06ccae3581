"""`mentorjournal encrypt`, `decrypt` and `rekey`: they convert the journal file itself,
so they open it on their own instead of through the command line's usual open."""

import argparse
from pathlib import Path

from mentorjournal import cipher, db, passphrase
from mentorjournal.words import agree, amount


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    encrypt = commands.add_parser(
        "encrypt", parents=[common], help="encrypt the journal with a passphrase (SQLCipher)"
    )
    encrypt.add_argument(
        "--remove-plain-backups",
        action="store_true",
        help="overwrite and remove its unencrypted backups without asking",
    )
    commands.add_parser("decrypt", parents=[common], help="make an encrypted journal plain")
    commands.add_parser("rekey", parents=[common], help="change an encrypted journal's passphrase")


def encrypt(args: argparse.Namespace, path: Path) -> int:
    if path.exists() and db.is_encrypted(path) and args.remove_plain_backups:
        return _remove_plain_backups(path, ask=False)
    path = cipher.require(path, encrypted=False)
    new = passphrase.from_environment() or passphrase.ask_new(str(path))
    done = cipher.encrypt(path, new)
    print(
        f"encrypted {done.path} ({amount(done.entries, 'entry')}); the plain file was overwritten"
    )
    return _remove_plain_backups(path, ask=not args.remove_plain_backups)


def decrypt(_args: argparse.Namespace, path: Path) -> int:
    path = cipher.require(path, encrypted=True)
    done = cipher.decrypt(path, passphrase.from_environment() or passphrase.ask_for(path))
    print(f"decrypted {done.path} ({amount(done.entries, 'entry')}): it is plain text again")
    return 0


def rekey(_args: argparse.Namespace, path: Path) -> int:
    path = cipher.require(path, encrypted=True)
    old = passphrase.from_environment() or passphrase.ask_for(path)
    done = cipher.rekey(
        path,
        old,
        lambda: (
            passphrase.new_from_environment()
            or passphrase.ask_new(str(path), passphrase.NEW_VARIABLE)
        ),
    )
    print(f"new passphrase for {done.path}; backups made before keep the old one")
    return 0


COMMANDS = {"encrypt": encrypt, "decrypt": decrypt, "rekey": rekey}


def _remove_plain_backups(path: Path, ask: bool) -> int:
    """Unencrypted backups still hold the text: overwrite and remove them, asking first
    unless `ask` is False."""
    plain = cipher.plain_backups(path)
    if not plain:
        return 0
    listed = ", ".join(str(backup) for backup in plain)
    backups, them = amount(len(plain), "unencrypted backup"), agree(len(plain), "it", "them")
    holds = agree(len(plain), "holds", "hold")
    if ask and not _confirm(f"{backups} still {holds} your text ({listed}). Remove {them}?"):
        print(
            f"kept {backups}: {listed} "
            f"(`mentorjournal encrypt --remove-plain-backups` removes {them})"
        )
        return 0
    cipher.shred(plain)
    print(f"overwrote and removed {backups}")
    return 0


def _confirm(question: str) -> bool:
    """Yes only when a terminal answers yes."""
    if not passphrase.can_ask():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:  # ctrl+d: the safe answer
        return False
